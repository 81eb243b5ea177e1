"""Click's own usage errors, said in Chinese too (cli/usage_errors.py).

The English of each `click_said_*` message is click's own template, word for word: the usage
errors are matched against it to recover their values (a `{name!r}` value from inside its
quotes), which the Chinese then uses. A `click_word_*` message translates a word click puts
into its templates.
"""

from cunzheng.cli.messages.translation import Translation

MESSAGES: dict[str, Translation] = {
    # The usage line's start, with the space before the command in English.
    "usage_prefix": {"en": "Usage: ", "zh": "用法："},
    "usage_help_hint": {
        "en": "Try '{command} {option}' for help.",
        "zh": "请运行 '{command} {option}' 查看帮助。",
    },
    "usage_no_such_option": {"en": "No such option {name!r}.", "zh": "没有选项 {name!r}。"},
    "usage_no_such_command": {"en": "No such command {name!r}.", "zh": "没有命令 {name!r}。"},
    "usage_did_you_mean_one": {
        "en": "Did you mean {possibilities}?",
        "zh": "您是否想用 {possibilities}？",
    },
    "usage_did_you_mean_several": {
        "en": "(Did you mean one of: {possibilities}?)",
        "zh": "（您是否想用以下之一：{possibilities}？）",
    },
    "usage_missing_option": {"en": "Missing option {hint}.", "zh": "缺少选项 {hint}。"},
    "usage_missing_argument": {"en": "Missing argument {hint}.", "zh": "缺少参数 {hint}。"},
    "usage_missing_parameter": {"en": "Missing parameter {hint}.", "zh": "缺少参数 {hint}。"},
    "usage_choose_from": {"en": "Choose from:\n\t{choices}", "zh": "可选值：{choices}"},
    "usage_choices_separator": {"en": ",\n\t", "zh": "、"},
    "usage_invalid_value": {
        "en": "Invalid value for {hint}: {message}",
        "zh": "{hint} 的值无效：{message}",
    },
    "usage_invalid_value_without_hint": {
        "en": "Invalid value: {message}",
        "zh": "值无效：{message}",
    },
    # A usage error click words in a way this catalog does not know: English as click says
    # it, Chinese with the English on a line of its own.
    "usage_untranslated": {"en": "{detail}", "zh": "命令用法有误。\n技术细节（英文）：{detail}"},
    "usage_value_untranslated": {"en": "{detail}", "zh": "\n技术细节（英文）：{detail}"},
    "click_said_option_needs_value": {
        "en": "Option {name!r} requires an argument.",
        "zh": "选项 {name!r} 后面需要一个值。",
    },
    "click_said_option_needs_values": {
        "en": "Option {name!r} requires {nargs} arguments.",
        "zh": "选项 {name!r} 后面需要 {nargs} 个值。",
    },
    "click_said_option_takes_no_value": {
        "en": "Option {name!r} does not take a value.",
        "zh": "选项 {name!r} 不接受值。",
    },
    "click_said_argument_takes_values": {
        "en": "Argument {name!r} takes {nargs} values.",
        "zh": "参数 {name!r} 需要 {nargs} 个值。",
    },
    "click_said_extra_argument": {
        "en": "Got unexpected extra argument ({args})",
        "zh": "多出了参数（{args}）。",
    },
    "click_said_extra_arguments": {
        "en": "Got unexpected extra arguments ({args})",
        "zh": "多出了参数（{args}）。",
    },
    "click_said_missing_command": {"en": "Missing command.", "zh": "缺少子命令。"},
    "click_said_not_the_choice": {
        "en": "{value!r} is not {choice}.",
        "zh": "{value!r} 不是可选值 {choice}。",
    },
    "click_said_not_a_choice": {
        "en": "{value!r} is not one of {choices}.",
        "zh": "{value!r} 不是可选值之一，可选值为 {choices}。",
    },
    "click_said_not_an_integer": {
        "en": "{value!r} is not a valid integer.",
        "zh": "{value!r} 不是有效的整数。",
    },
    "click_said_not_a_float": {
        "en": "{value!r} is not a valid float.",
        "zh": "{value!r} 不是有效的数字。",
    },
    "click_said_out_of_range": {
        "en": "{value} is not in the range {range}.",
        "zh": "{value} 不在允许的范围 {range} 内。",
    },
    "click_said_path_missing": {
        "en": "{name} {filename!r} does not exist.",
        "zh": "{name} {filename!r} 不存在。",
    },
    "click_said_path_is_file": {
        "en": "{name} {filename!r} is a file.",
        "zh": "{name} {filename!r} 是文件，这里需要文件夹。",
    },
    "click_said_path_is_directory": {
        "en": "{name} {filename!r} is a directory.",
        "zh": "{name} {filename!r} 是文件夹，这里需要文件。",
    },
    "click_said_path_not_readable": {
        "en": "{name} {filename!r} is not readable.",
        "zh": "{name} {filename!r} 不可读取。",
    },
    "click_said_path_not_writable": {
        "en": "{name} {filename!r} is not writable.",
        "zh": "{name} {filename!r} 不可写入。",
    },
    "click_word_File": {"en": "File", "zh": "文件"},
    "click_word_Directory": {"en": "Directory", "zh": "文件夹"},
    "click_word_Path": {"en": "Path", "zh": "路径"},
}
