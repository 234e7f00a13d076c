import time

from st2common.runners.base_action import Action


class Slow(Action):
    def run(self):
        print("sleeping", flush=True)
        time.sleep(30)
        return 1
