"""The deployment files (deploy/) start the commands that deploy/README.md shows, and those
commands make a working consortium: run here on 127.0.0.1 with free ports, since neither Docker
nor systemd runs in the test environment.

- The guide's commands (init, genesis, install the genesis, status) run as written for four
  notaries, and the systemd unit's ExecStart starts each node.
- make-homes.sh (the compose file's one-shot service) makes four homes, and each compose
  service's command and environment start a node whose config validates; the image's health
  check command reports it healthy.
- In both cases the four nodes commit a submitted entry.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cunzheng.node.config import NodeConfig, load_config
from tests.support.cli_runner import CUNZHENG
from tests.support.loopback import free_ports
from tests.support.processes import REPO, http_json, stop, wait_ready

DEPLOY = REPO / "deploy"
GUIDE_PREFIXES = (
    "cunzheng init ",
    "cunzheng genesis ",
    "install -m 0644 genesis.json ",
    "cunzheng node ",
    "cunzheng status ",
)
GUIDE_NAMES = ("notary-a", "notary-b", "notary-c", "notary-d")
UNIT_HOME = "/var/lib/cunzheng"
UNIT_SETTINGS = {
    "User": "cunzheng",
    "ProtectSystem": "strict",
    "ReadWritePaths": UNIT_HOME,
    "NoNewPrivileges": "yes",
    "PrivateTmp": "yes",
    "ProtectHome": "yes",
    "CapabilityBoundingSet": "",
    "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
    "Restart": "on-failure",
    "LimitNOFILE": "65536",
}
IMAGE_HOME = "/home/cunzheng"


# Reading the files ------------------------------------------------------------------------


def guide_commands() -> dict[str, str]:
    """The guide's command lines by prefix; each appears once, the same in both languages."""
    english, chinese = (DEPLOY / "README.md").read_text("utf-8").split("<!-- zh -->")
    per_language = [
        [line for line in _shell_lines(part) if line.startswith(GUIDE_PREFIXES)]
        for part in (english, chinese)
    ]
    assert per_language[0] == per_language[1], "the two languages show different commands"
    commands = {
        prefix: [c for c in per_language[0] if c.startswith(prefix)] for prefix in GUIDE_PREFIXES
    }
    assert all(len(found) == 1 for found in commands.values()), commands
    return {prefix: found[0] for prefix, found in commands.items()}


def _shell_lines(markdown: str) -> list[str]:
    return [
        line.strip()
        for block in re.findall(r"```sh\n(.*?)```", markdown, flags=re.DOTALL)
        for line in block.splitlines()
    ]


def unit_settings() -> dict[str, list[str]]:
    """The [Service] settings of the systemd unit, each name with its values in order."""
    settings: dict[str, list[str]] = {}
    section = ""
    for line in (DEPLOY / "cunzheng.service").read_text("utf-8").splitlines():
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            name, _, value = line.partition("=")
            settings.setdefault(name, []).append(value)
    return settings


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined."""
    text = (DEPLOY / "Dockerfile").read_text("utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(" ", 1)[0], line.split(" ", 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def compose_services() -> dict[str, dict[str, Any]]:
    """The services of compose.yaml, read in the plain block style the file keeps to: each
    service's keys map to a value (a JSON array or string, or plain text), a list or a map."""
    services: dict[str, dict[str, Any]] = {}
    service: dict[str, Any] = {}
    key, in_services = "", False
    for line in (DEPLOY / "compose.yaml").read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent, item = len(line) - len(line.lstrip()), line.strip()
        if indent == 0:
            in_services = item == "services:"
        elif in_services and indent == 2:
            service = services[item.rstrip(":")] = {}
        elif in_services and indent == 4:
            key, _, value = item.partition(":")
            service[key] = _scalar(value.strip()) if value.strip() else None
        elif in_services and indent == 6 and item.startswith("- "):
            service[key] = [*(service[key] or []), _scalar(item[2:])]
        elif in_services and indent == 6:
            name, _, value = item.partition(": ")
            service[key] = {**(service[key] or {}), name: _scalar(value)}
    return services


def _scalar(text: str) -> Any:
    return json.loads(text) if text.startswith(("[", '"')) else text


# Running what they say ----------------------------------------------------------------------


def _shell(line: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    path = f"{CUNZHENG.parent}{os.pathsep}{os.environ['PATH']}"
    result = subprocess.run(
        ["bash", "-c", line],
        env={**os.environ, "PATH": path, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
    return result


def _expand(words: list[str], values: dict[str, str]) -> list[str]:
    return [re.sub(r"\$(\w+)", lambda m: values[m.group(1)], word) for word in words]


def _start(argv: list[str], env: dict[str, str], log: Path) -> "subprocess.Popen[bytes]":
    with log.open("ab") as output:
        return subprocess.Popen(
            argv, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT
        )


def _commits_everywhere(urls: list[str]) -> None:
    status, _ = http_json(f"{urls[0]}/v1/entries", {"digest": "ab" * 32})
    assert status == 202
    deadline = time.monotonic() + 60
    while not all(http_json(f"{url}/v1/status")[1]["ledger_size"] >= 1 for url in urls):
        assert time.monotonic() < deadline, "the consortium did not commit the entry"
        time.sleep(0.2)


@pytest.fixture
def processes() -> Iterator["list[subprocess.Popen[bytes]]"]:
    """Node processes a test starts; stopped at its end."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        stop(process)


# The tests ----------------------------------------------------------------------------------


def _guide_values(root: Path) -> list[dict[str, str]]:
    """The guide's variables for each of four notaries on 127.0.0.1."""
    ports = free_ports(2 * len(GUIDE_NAMES))
    p2p_urls = [f"http://127.0.0.1:{port}" for port in ports[len(GUIDE_NAMES) :]]
    return [
        {
            "NODE_HOME": str(root / name),
            "NAME": name,
            "API_LISTEN": f"127.0.0.1:{ports[index]}",
            "P2P_LISTEN": p2p_urls[index].removeprefix("http://"),
            **{
                f"PEER_{n + 1}": url
                for n, url in enumerate(p2p_urls[:index] + p2p_urls[index + 1 :])
            },
            "CHAIN_ID": "guide-test",
        }
        for index, name in enumerate(GUIDE_NAMES)
    ]


def test_the_guide_and_the_systemd_unit_make_a_consortium(
    tmp_path: Path, processes: "list[subprocess.Popen[bytes]]"
) -> None:
    commands, unit = guide_commands(), unit_settings()
    (exec_start,) = unit["ExecStart"]
    unit_argv = shlex.split(exec_start)
    guide_node = _expand(shlex.split(commands["cunzheng node "]), {"NODE_HOME": UNIT_HOME})
    assert unit_argv[1:] == guide_node[1:], "the unit does not start what the guide shows"
    envs = _guide_values(tmp_path)
    coordinator = tmp_path / "coordinator"
    coordinator.mkdir()
    for env in envs:
        _shell(commands["cunzheng init "], env, tmp_path)
        shutil.copy(Path(env["NODE_HOME"]) / "node_key.vkey", coordinator / f"{env['NAME']}.vkey")
    _shell(commands["cunzheng genesis "], envs[0], coordinator)
    unit_env = dict(item.split("=", 1) for item in unit["Environment"])
    for env in envs:
        home = Path(env["NODE_HOME"])
        _shell(commands["install -m 0644 genesis.json "], env, coordinator)
        config = load_config(home / "config.toml", {})
        assert (config.api.listen, config.p2p.listen) == (env["API_LISTEN"], env["P2P_LISTEN"])
        assert len(config.p2p.peers) == 3
        argv = [
            str(CUNZHENG),
            *(str(home) if word == UNIT_HOME else word for word in unit_argv[1:]),
        ]
        processes.append(_start(argv, unit_env, home / "node.log"))
    urls = [f"http://{env['API_LISTEN']}" for env in envs]
    for url, process in zip(urls, processes, strict=True):
        wait_ready(url, process)
    status = _shell(commands["cunzheng status "], envs[0], tmp_path)
    assert "guide-test" in status.stdout
    _commits_everywhere(urls)


def test_the_compose_file_makes_a_consortium(
    tmp_path: Path, processes: "list[subprocess.Popen[bytes]]"
) -> None:
    services, image = compose_services(), dict(dockerfile_instructions())
    local = {"./homes": tmp_path / "homes", "./make-homes.sh": DEPLOY / "make-homes.sh"}
    homes_service = services["homes"]
    mounts = _mounts(homes_service["volumes"], local)
    setup = [mounts.get(word, word) for word in homes_service["entrypoint"]]
    _shell(shlex.join(setup), {}, tmp_path)

    notaries = sorted(name for name in services if name.startswith("notary-"))
    assert len(notaries) == 4
    ports = free_ports(2 * len(notaries))
    hosts = {f"{name}:7704": f"127.0.0.1:{ports[4 + i]}" for i, name in enumerate(notaries)}
    entrypoint, health = json.loads(image["ENTRYPOINT"]), _health_check(image["HEALTHCHECK"])
    urls: list[str] = []
    envs: list[dict[str, str]] = []
    for index, name in enumerate(notaries):
        service = services[name]
        assert service["command"] == json.loads(image["CMD"])
        listens = {
            "0.0.0.0:7700": f"127.0.0.1:{ports[index]}",
            "0.0.0.0:7704": f"127.0.0.1:{ports[4 + index]}",
        }
        env = {
            key: _replace(value, {**listens, **hosts})
            for key, value in service["environment"].items()
        }
        mounts = _mounts(service["volumes"], local)
        argv = [mounts.get(word, word) for word in [*entrypoint, *service["command"]]]
        home = Path(argv[argv.index("--home") + 1])
        config = load_config(home / "config.toml", env)
        assert config.api.listen == listens["0.0.0.0:7700"] and len(config.p2p.peers) == 3
        processes.append(_start([str(CUNZHENG), *argv[1:]], env, home / "node.log"))
        urls.append(f"http://{config.api.listen}")
        envs.append(env)
    for env, process in zip(envs, processes, strict=True):
        _wait_healthy(health, env, process)
    _commits_everywhere(urls)


def _mounts(volumes: list[str], local: dict[str, Path]) -> dict[str, str]:
    """Container path -> local path for a compose service's volumes; `local` says where each
    host path of compose.yaml (or a directory above it) is here."""
    mounts = {}
    for volume in volumes:
        host, container = volume.split(":")[:2]
        top = next(p for p in local if host == p or host.startswith(p + "/"))
        mounts[container] = str(local[top] / host[len(top) :].lstrip("/"))
    return mounts


def _replace(value: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        value = value.replace(old, new)
    return value


def _health_check(arguments: str) -> list[str]:
    _, _, command = arguments.partition(" CMD ")
    argv: list[str] = json.loads(command)
    return [sys.executable if argv[0] == "python" else argv[0], *argv[1:]]


def _wait_healthy(argv: list[str], env: dict[str, str], process: "subprocess.Popen[bytes]") -> None:
    deadline = time.monotonic() + 20
    while subprocess.run(argv, env={**os.environ, **env}, capture_output=True).returncode != 0:
        assert process.poll() is None, "the node exited"
        assert time.monotonic() < deadline, "the image's health check never passed"
        time.sleep(0.2)


def test_the_image_runs_unprivileged_with_build_tools_left_behind() -> None:
    instructions = dockerfile_instructions()
    stages = [i for i, (word, _) in enumerate(instructions) if word == "FROM"]
    assert [instructions[i][1].split()[0] for i in stages] == ["python:3.11-slim"] * 2
    runtime = instructions[stages[-1] :]
    assert ("USER", "cunzheng") in runtime and ("VOLUME", IMAGE_HOME) in runtime
    assert not any("apt-get" in arguments for _, arguments in runtime), "build tools at runtime"
    assert any(word == "HEALTHCHECK" and "/healthz" in args for word, args in runtime)


def test_the_unit_runs_sandboxed_as_its_own_user() -> None:
    settings = unit_settings()
    for name, value in UNIT_SETTINGS.items():
        assert settings.get(name) == [value], name


def test_the_proxy_serves_the_public_api_only_with_the_node_body_limit() -> None:
    text = (DEPLOY / "nginx-cunzheng.conf").read_text("utf-8")
    size = re.search(r"client_max_body_size (\d+)m;", text)
    assert size and int(size.group(1)) * 1024 * 1024 == NodeConfig().api.max_body_bytes
    assert re.search(r"location \^~ /v1/admin/ \{\s*return 404;", text)
    assert re.search(r"location = /metrics \{\s*return 404;", text)
    upstreams = re.findall(r"^\s*server (\S+);", text, flags=re.MULTILINE)
    assert upstreams == ["127.0.0.1:7700"], "only the public API port is proxied"
    assert "ssl_certificate " in text and "listen 443 ssl;" in text


def test_every_install_of_a_node_takes_the_node_extra() -> None:
    # A plain `pip install .` leaves LevelDB out, and the node then refuses to start: the
    # guide's step 0 (both languages) and the image once said just that, and its upgrade
    # step after it.
    installs = [
        line
        for path in (DEPLOY / "README.md", DEPLOY / "Dockerfile", DEPLOY / "rehearse-netns.sh")
        for line in path.read_text("utf-8").replace("\\\n", " ").splitlines()
        if re.search(r"\bpip\"? install\b", line)
    ]
    assert len(installs) >= 9, installs  # install, upgrade and offline, in both languages
    assert all("[node]" in line for line in installs), installs
