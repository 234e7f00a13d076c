# test action
