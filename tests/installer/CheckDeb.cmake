# cmake -DCPACK=... -DCONFIG=.../CPackConfig.cmake -DOUT_DIR=... -DVERSION=x.y.z
#       -DWITH_STUDIO=ON|OFF -P CheckDeb.cmake
# Builds the Debian package with cpack and checks what is in it.
find_program(DPKG_DEB dpkg-deb)
find_program(DPKG dpkg)
find_program(SHLIBDEPS dpkg-shlibdeps)
if(NOT DPKG_DEB OR NOT DPKG OR NOT SHLIBDEPS)
    message("SKIP: dpkg-deb and dpkg-shlibdeps are needed (apt-get install dpkg-dev)")
    return()
endif()

set(failures "")
macro(fail what)
    string(APPEND failures "  ${what}\n")
endmacro()

file(REMOVE_RECURSE ${OUT_DIR})
file(MAKE_DIRECTORY ${OUT_DIR})
execute_process(COMMAND ${CPACK} -G DEB -B ${OUT_DIR} --config ${CONFIG}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cpack failed (${rc}):\n${out}")
endif()

execute_process(COMMAND ${DPKG} --print-architecture OUTPUT_VARIABLE arch OUTPUT_STRIP_TRAILING_WHITESPACE)
file(GLOB debs ${OUT_DIR}/*.deb)
set(deb ${OUT_DIR}/squall_${VERSION}_${arch}.deb)
if(NOT debs STREQUAL deb)
    message(FATAL_ERROR "expected exactly ${deb}, cpack made: ${debs}")
endif()

execute_process(COMMAND ${DPKG_DEB} -c ${deb} OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dpkg-deb -c ${deb} failed")
endif()
# Each entry of the listing ends with " ./path" (directories with a slash).
set(paths
    ./usr/bin/squall
    ./usr/share/squall/packs/core/pack.yaml
    ./usr/share/squall/packs/core/actions/local.yaml
    ./usr/share/squall/packs/examples/pack.yaml
    ./lib/systemd/system/squall.service
    ./usr/share/doc/squall/README.md
    ./usr/share/doc/squall/copyright
    ./usr/share/doc/squall/CLI.md)
set(studio_paths
    ./usr/bin/squall-studio
    ./usr/share/applications/io.squall.Studio.desktop
    ./usr/share/metainfo/io.squall.Studio.metainfo.xml
    ./usr/share/icons/hicolor/scalable/apps/io.squall.Studio.svg)
if(WITH_STUDIO)
    list(APPEND paths ${studio_paths})
else()
    # Without the studio its desktop entry would launch nothing.
    foreach(p IN LISTS studio_paths)
        string(FIND "${listing}" " ${p}\n" at)
        if(NOT at EQUAL -1)
            fail("${p} is in the package, but the studio was not built")
        endif()
    endforeach()
endif()
foreach(p IN LISTS paths)
    string(FIND "${listing}" " ${p}\n" at)
    if(at EQUAL -1)
        fail("${p} is missing from the package")
    endif()
endforeach()
string(FIND "${listing}" "usr/local" at)
if(NOT at EQUAL -1)
    fail("something is installed under /usr/local")
endif()

execute_process(COMMAND ${DPKG_DEB} -f ${deb} Depends OUTPUT_VARIABLE depends OUTPUT_STRIP_TRAILING_WHITESPACE)
set(needed libqt6core6 libqt6network6 libqt6sql6 libqt6sql6-sqlite libyaml-cpp adduser)
if(WITH_STUDIO)
    list(APPEND needed libqt6widgets6 qt6-qpa-plugins libqt6svg6)
endif()
foreach(d IN LISTS needed)
    string(FIND "${depends}" "${d}" at)
    if(at EQUAL -1)
        fail("Depends lacks ${d}: ${depends}")
    endif()
endforeach()

execute_process(COMMAND ${DPKG_DEB} -I ${deb} OUTPUT_VARIABLE info)
foreach(script postinst prerm postrm)
    string(REGEX MATCH "[0-9]+ bytes, +[0-9]+ lines +\\* +${script} " found "${info}")
    if(NOT found)
        fail("control script ${script} missing or not executable")
    endif()
endforeach()

# The unit must start the packaged binary, whatever prefix the build was configured with.
execute_process(COMMAND ${DPKG_DEB} -x ${deb} ${OUT_DIR}/root)
set(unit "")
if(EXISTS ${OUT_DIR}/root/lib/systemd/system/squall.service)
    file(READ ${OUT_DIR}/root/lib/systemd/system/squall.service unit)
endif()
string(FIND "${unit}" "ExecStart=/usr/bin/squall serve " at)
if(at EQUAL -1)
    fail("squall.service does not start /usr/bin/squall")
endif()

# The installed tree as software centres see it: metainfo, desktop entry and icon together.
find_program(APPSTREAMCLI appstreamcli)
if(WITH_STUDIO AND APPSTREAMCLI)
    execute_process(COMMAND ${APPSTREAMCLI} validate-tree --no-net ${OUT_DIR}/root
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
        fail("appstreamcli validate-tree: ${out}")
    endif()
endif()

if(failures)
    message(FATAL_ERROR "${deb}:\n${failures}")
endif()
message("${deb}: ok\nDepends: ${depends}")
