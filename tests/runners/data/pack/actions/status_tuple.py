from st2common.runners.base_action import Action


class StatusTuple(Action):
    def run(self, ok, value):
        return (ok, value)
