# Install rules and the Debian package: `cpack -G DEB` in the build directory makes
# squall_<version>_<arch>.deb. Included at the end of the top CMakeLists.txt, once
# every target exists, so the studio is packaged whenever it is built.
include(GNUInstallDirs)

set(_squall_installer ${PROJECT_SOURCE_DIR}/installer)
# Lower case, unlike CMAKE_INSTALL_DOCDIR, which follows the project name.
set(SQUALL_INSTALL_DOCDIR ${CMAKE_INSTALL_DATADIR}/doc/squall)

install(TARGETS squall RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# bundledPacksDir() (app/common/DataDir.cpp) looks in <bindir>/../share/squall/packs.
# Source permissions keep the executable bit of pack scripts.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/packs/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/squall/packs
        USE_SOURCE_PERMISSIONS
        PATTERN __pycache__ EXCLUDE
        PATTERN *.pyc EXCLUDE)

# The desktop entry, AppStream data and icon describe the studio: without it they
# would point at a program that is not there.
if(TARGET squall-studio)
    install(TARGETS squall-studio RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(FILES ${_squall_installer}/linux/io.squall.Studio.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${_squall_installer}/linux/io.squall.Studio.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/squall.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
            RENAME io.squall.Studio.svg)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/squall-symbolic.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/symbolic/apps
            RENAME io.squall.Studio-symbolic.svg)
endif()

# The systemd unit. Debian 12 keeps units of packages in /lib/systemd/system; any other
# prefix gets PREFIX/lib/systemd/system. Both the directory and ExecStart's path depend
# on the prefix in force at install time (cpack installs to /usr whatever the build's
# prefix is), so a script works them out then.
set(SQUALL_SYSTEMD_UNIT_DIR "" CACHE PATH
    "Directory for squall.service (empty: /lib/systemd/system under the /usr prefix, else PREFIX/lib/systemd/system)")
install(CODE "
    set(SQUALL_UNIT_SOURCE \"${_squall_installer}/linux/squall.service\")
    set(SQUALL_UNIT_STAGING \"${CMAKE_CURRENT_BINARY_DIR}/installer/squall.service\")
    set(SQUALL_UNIT_DIR \"${SQUALL_SYSTEMD_UNIT_DIR}\")
    set(SQUALL_UNIT_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
")
install(SCRIPT ${CMAKE_CURRENT_LIST_DIR}/SquallInstallUnit.cmake)

install(FILES ${PROJECT_SOURCE_DIR}/README.md ${_squall_installer}/debian/copyright
        DESTINATION ${SQUALL_INSTALL_DOCDIR})
file(GLOB _squall_docs ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${_squall_docs} DESTINATION ${SQUALL_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/examples DESTINATION ${SQUALL_INSTALL_DOCDIR})

# --- CPack -------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME squall)
set(CPACK_PACKAGE_VENDOR "The Squall developers")
set(CPACK_PACKAGE_CONTACT "The Squall developers <squall@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "event-driven automation engine compatible with StackStorm")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://squall.example.org/")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
# Installed through DESTDIR with CMAKE_INSTALL_PREFIX set to CPACK_INSTALL_PREFIX, so the
# package holds /usr whatever the build's prefix, the unit's script sees /usr, and the
# absolute /lib/systemd/system lands inside the package rather than on this machine.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_THREADS 0)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY first, as the synopsis line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"Sensors, timers and webhooks emit triggers, rules match them, and actions and
workflows run; every run is kept as an execution. Squall reads StackStorm packs,
rules, actions and Orquesta/ActionChain workflows as they are and serves
StackStorm's REST API, in one native program with its data in SQLite: no
database server, message broker or cache.
.
This package holds the squall daemon and command line, the bundled core and
examples packs, a systemd unit (not enabled by default) and, when built, the
Squall Studio desktop application.")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Plugins Qt loads at run time, which dpkg-shlibdeps cannot see.
set(_squall_depends "adduser" "libqt6sql6-sqlite")
if(TARGET squall-studio)
    list(APPEND _squall_depends "qt6-qpa-plugins" "libqt6svg6")
endif()
list(JOIN _squall_depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
# python-script actions (core.inject_trigger, core.uuid, most community packs) need it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${_squall_installer}/debian/postinst
    ${_squall_installer}/debian/prerm
    ${_squall_installer}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

include(CPack)
