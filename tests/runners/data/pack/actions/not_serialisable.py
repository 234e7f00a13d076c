from st2common.runners.base_action import Action


class NotSerialisable(Action):
    def run(self):
        return (True, {1, 2} and object())
