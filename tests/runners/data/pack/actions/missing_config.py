from st2common.runners.base_action import Action


class MissingConfig(Action):
    def run(self):
        return self.config["nope"]
