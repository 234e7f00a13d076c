# Runs at install time (install(SCRIPT) from SquallPackaging.cmake): writes squall.service
# with ExecStart pointing at the installed squall, into the unit directory for the
# prefix in force now. Inputs: SQUALL_UNIT_SOURCE, SQUALL_UNIT_STAGING, SQUALL_UNIT_DIR,
# SQUALL_UNIT_BINDIR, and CMAKE_INSTALL_PREFIX.
if(NOT SQUALL_UNIT_DIR)
    if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
        set(SQUALL_UNIT_DIR /lib/systemd/system)
    else()
        set(SQUALL_UNIT_DIR ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
    endif()
endif()
file(READ ${SQUALL_UNIT_SOURCE} _unit)
string(REPLACE "ExecStart=/usr/bin/squall " "ExecStart=${CMAKE_INSTALL_PREFIX}/${SQUALL_UNIT_BINDIR}/squall "
       _unit "${_unit}")
file(WRITE ${SQUALL_UNIT_STAGING} "${_unit}")
file(INSTALL DESTINATION ${SQUALL_UNIT_DIR} TYPE FILE
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES ${SQUALL_UNIT_STAGING})
