# test sensor
