# Squall's runner for StackStorm python-script actions.
#
# Started by Squall as:  python3 -u <this file> --pack=P --file-path=F --user=U [--log-level=L]
# and fed one JSON line on stdin: {"parameters": {...}, "config": {...}}.
#
# It loads the action module, picks the alphabetically first class defined in
# it that has a run() method, calls run(**parameters) and prints the outcome
# between two delimiter lines on stdout, where Squall cuts it out again.
# Exit code 220 means run() returned a 2-tuple whose first item is neither a
# bool nor None, which StackStorm treats as an invalid status.

import argparse
import importlib.util
import inspect
import json
import logging
import os
import sys
import types
import urllib.error
import urllib.parse
import urllib.request

DELIMITER = "%%%%%~=~=~=************=~=~=~%%%%"
INVALID_STATUS_EXIT_CODE = 220


class _ApiClient:
    """Just enough of the REST API for the datastore helpers."""

    def __init__(self):
        self.base = os.environ.get("ST2_ACTION_API_URL", "").rstrip("/")
        self.token = os.environ.get("ST2_ACTION_AUTH_TOKEN", "")

    def call(self, method, path, query=None, body=None):
        url = self.base + path
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("X-Auth-Token", self.token)
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode("utf-8")
        return json.loads(text) if text else None


class DatastoreService:
    def __init__(self, logger, pack_name, class_name):
        self._logger = logger
        self._prefix = "%s.%s:" % (pack_name, class_name)
        self._client = _ApiClient()

    def get_api_client(self):
        return self._client

    def _key(self, name, local):
        return self._prefix + name if local else name

    @staticmethod
    def _check_scope(scope):
        if scope != "system":
            raise ValueError('Scope "%s" is not supported: only "system" is.' % scope)

    def get_value(self, name, local=True, scope="system", decrypt=False):
        self._check_scope(scope)
        try:
            item = self._client.call("GET", "/keys/" + urllib.parse.quote(self._key(name, local), safe=""),
                                     {"scope": scope, "decrypt": "true" if decrypt else None})
            return item.get("value") if item else None
        except Exception as error:  # absent keys and API errors alike give None
            self._logger.debug("get_value(%s) failed: %s", name, error)
            return None

    def set_value(self, name, value, ttl=None, local=True, scope="system", encrypt=False):
        self._check_scope(scope)
        key = self._key(name, local)
        body = {"name": key, "value": str(value), "scope": scope}
        if ttl:
            body["ttl"] = ttl
        if encrypt:
            body["secret"] = True
        self._client.call("PUT", "/keys/" + urllib.parse.quote(key, safe=""), body=body)
        return True

    def delete_value(self, name, local=True, scope="system"):
        self._check_scope(scope)
        try:
            self._client.call("DELETE", "/keys/" + urllib.parse.quote(self._key(name, local), safe=""),
                              {"scope": scope})
            return True
        except Exception as error:
            self._logger.debug("delete_value(%s) failed: %s", name, error)
            return False

    def list_values(self, local=True, prefix=None, limit=None, offset=0):
        key_prefix = (self._prefix if local else "") + (prefix or "")
        items = self._client.call("GET", "/keys", {"prefix": key_prefix or None, "limit": limit,
                                                   "offset": offset or None})
        return items or []


class ActionService:
    def __init__(self, datastore_service):
        self.datastore_service = datastore_service

    def get_value(self, *args, **kwargs):
        return self.datastore_service.get_value(*args, **kwargs)

    def set_value(self, *args, **kwargs):
        return self.datastore_service.set_value(*args, **kwargs)

    def delete_value(self, *args, **kwargs):
        return self.datastore_service.delete_value(*args, **kwargs)

    def list_values(self, *args, **kwargs):
        return self.datastore_service.list_values(*args, **kwargs)

    def get_user_info(self):
        return self.datastore_service.get_api_client().call("GET", "/user")


class PackConfigDict(dict):
    def __init__(self, pack_name, values):
        super().__init__(values or {})
        self._pack_name = pack_name

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            raise ValueError('Config for pack "%s" is missing key "%s". Make sure the key exists '
                             'in configs/%s.yaml.' % (self._pack_name, key, self._pack_name))


class Action:
    """Stand-in for st2common.runners.base_action.Action."""

    def __init__(self, config=None, action_service=None):
        self.config = config or {}
        self.action_service = action_service
        self.logger = logging.getLogger("actions.python.%s" % type(self).__name__)

    def run(self, **kwargs):
        raise NotImplementedError()


def _install_stub_modules():
    try:
        import st2common.runners.base_action  # noqa: F401  (a real st2 install wins)
        return
    except ImportError:
        pass
    for name in ("st2common", "st2common.runners", "st2common.runners.base_action",
                 "st2actions", "st2actions.runners", "st2actions.runners.pythonrunner"):
        module = sys.modules.get(name) or types.ModuleType(name)
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)
    sys.modules["st2common.runners.base_action"].Action = Action
    sys.modules["st2actions.runners.pythonrunner"].Action = Action


def _load_action_class(file_path):
    directory = os.path.dirname(file_path)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    module_name = os.path.splitext(os.path.basename(file_path))[0]
    spec = importlib.util.spec_from_file_location(module_name, file_path)
    if spec is None or spec.loader is None:
        raise ImportError("Cannot load action module %s" % file_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    for _, cls in inspect.getmembers(module, inspect.isclass):  # sorted by name
        if cls.__module__ == module.__name__ and callable(getattr(cls, "run", None)):
            return cls
    raise ValueError("No action class with a run() method found in %s" % file_path)


def _instantiate(cls, config, service):
    try:
        return cls(config=config, action_service=service)
    except TypeError:
        instance = cls(config=config)
        instance.action_service = service
        return instance


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pack", default="")
    parser.add_argument("--file-path", required=True)
    parser.add_argument("--user", default="")
    parser.add_argument("--log-level", default="DEBUG")
    args = parser.parse_args()

    line = sys.stdin.readline()
    payload = json.loads(line) if line.strip() else {}
    parameters = payload.get("parameters") or {}
    config = payload.get("config") or {}

    level = getattr(logging, str(args.log_level).upper(), logging.DEBUG)
    if str(args.log_level).upper() == "AUDIT":
        level = logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger("actions")
    root.addHandler(handler)
    root.setLevel(level)

    _install_stub_modules()
    cls = _load_action_class(args.file_path)
    logger = logging.getLogger("actions.python.%s" % cls.__name__)
    service = ActionService(DatastoreService(logger, args.pack, cls.__name__))
    instance = _instantiate(cls, PackConfigDict(args.pack, config), service)

    value = instance.run(**parameters)
    status = None
    if isinstance(value, tuple) and len(value) == 2:
        if isinstance(value[0], bool) or value[0] is None:
            status, value = value
        else:
            sys.stderr.write("If a tuple is returned, its first item must be a boolean status "
                             "(True or False); got %r\n" % (value[0],))
            sys.stderr.flush()
            sys.exit(INVALID_STATUS_EXIT_CODE)

    output = {"result": value, "status": status}
    try:
        text = json.dumps(output)
    except (TypeError, ValueError):
        output["result"] = str(value)
        text = json.dumps(output)
    sys.stdout.flush()
    sys.stdout.write(DELIMITER + text + "\n" + DELIMITER)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
