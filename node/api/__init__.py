"""The node's public face (docs/http-api.md, docs/web-page.md).

- routes.py: the HTTP API's handlers, and the app they make; served_node.py the node as they
  see it (a Protocol, so the API never imports the node it serves);
- submission.py: parsing submissions, JSON or canonical msgpack; params.py path and query
  parameters; errors.py the JSON error shape and the middleware that keeps every failure in
  it; ratelimit.py the limits on clients; admin.py the backup endpoint; openapi.py the API's
  description;
- web.py: the static page under static/ (its verifier in static/core/, hashing in
  static/hashing/), with a strict Content-Security-Policy.
"""
