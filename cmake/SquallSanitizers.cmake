# Sanitizer builds. Both instrument every target of the build (core libraries
# included), so each needs its own build directory.
#   SQUALL_SANITIZE=ON  AddressSanitizer + UBSan for the unit tests (gcc or clang);
#                       installer/bootstrap.sh sanitize uses it.
#   SQUALL_FUZZ=ON      the same plus libFuzzer coverage, clang only; builds bench/fuzz.
option(SQUALL_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(SQUALL_FUZZ "Build the libFuzzer targets under bench/fuzz (clang only)" OFF)

if(SQUALL_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "SQUALL_FUZZ=ON needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-14)")
    endif()
    # Undefined behaviour must stop the run so the fuzzer records the input.
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                        -fno-omit-frame-pointer -Wno-unknown-warning-option)
    add_link_options(-fsanitize=address,undefined)
elseif(SQUALL_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()
