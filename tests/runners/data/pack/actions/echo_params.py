import sys

from st2common.runners.base_action import Action
from helper import shout


class ZLast(Action):
    def run(self, **kwargs):
        return "wrong class picked"


class EchoParams(Action):
    def run(self, name, count=1, flag=False):
        print("printing to stdout")
        sys.stderr.write("to stderr\n")
        return {"greeting": shout(name) * count, "flag": flag, "config_key": self.config["key"]}
