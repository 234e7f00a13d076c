from st2common.runners.base_action import Action


class Crash(Action):
    def run(self):
        print("before the crash")
        raise RuntimeError("boom")
