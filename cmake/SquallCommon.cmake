# Strict flags shared by every Squall target, in one INTERFACE target.
add_library(squall_strict INTERFACE)
target_compile_definitions(squall_strict INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_NO_FOREACH)
target_compile_options(squall_strict INTERFACE
    -Wall -Wextra -Wpedantic -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual
    -Wshadow=local -Wno-missing-field-initializers)
if(SQUALL_WERROR)
    target_compile_options(squall_strict INTERFACE -Werror)
endif()

# squall_module(NAME SOURCES... DEPS ...): one static library per core module.
function(squall_module name)
    cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
    add_library(squall_${name} STATIC ${M_SOURCES})
    target_include_directories(squall_${name} PUBLIC ${PROJECT_SOURCE_DIR}/core)
    target_link_libraries(squall_${name} PUBLIC ${M_DEPS} PRIVATE squall_strict)
    # Lets core/base/Value.h refuse GUI headers in core's own translation units
    # only: ui/ and app/ include core headers next to widgets.
    target_compile_definitions(squall_${name} PRIVATE SQUALL_CORE_MODULE)
    set_property(GLOBAL APPEND PROPERTY SQUALL_CORE_MODULES squall_${name})
endfunction()

# The engine must never need a display: fail the configure step when any core
# module links QtGui or QtWidgets, directly or through another module.
function(squall_check_core_is_headless)
    get_property(mods GLOBAL PROPERTY SQUALL_CORE_MODULES)
    foreach(m IN LISTS mods)
        set(queue ${m})
        set(seen "")
        while(queue)
            list(POP_FRONT queue t)
            if(t IN_LIST seen)
                continue()
            endif()
            list(APPEND seen ${t})
            if(t MATCHES "Qt6?::(Gui|Widgets|OpenGL|PrintSupport)" OR t MATCHES "qscintilla")
                message(FATAL_ERROR "core module ${m} links ${t}: core/ must stay headless")
            endif()
            if(TARGET ${t})
                get_target_property(libs ${t} INTERFACE_LINK_LIBRARIES)
                get_target_property(type ${t} TYPE)
                if(type STREQUAL "STATIC_LIBRARY")
                    get_target_property(plibs ${t} LINK_LIBRARIES)
                    if(plibs)
                        list(APPEND libs ${plibs})
                    endif()
                endif()
                foreach(l IN LISTS libs)
                    if(l AND NOT l MATCHES "^\\$<")
                        list(APPEND queue ${l})
                    endif()
                endforeach()
            endif()
        endwhile()
    endforeach()
endfunction()
