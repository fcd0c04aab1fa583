# Warnings are errors, for every target of ours. Third-party headers come in as SYSTEM includes.
add_library(kiosk_warnings INTERFACE)
target_compile_options(kiosk_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  -Wimplicit-fallthrough)

add_library(kiosk_sanitizers INTERFACE)
if(KIOSK_SANITIZE)
  target_compile_options(kiosk_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(kiosk_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
if(KIOSK_TSAN)
  target_compile_options(kiosk_sanitizers INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(kiosk_sanitizers INTERFACE -fsanitize=thread)
endif()
if(KIOSK_FUZZ)
  # Instrument every library for coverage; only the fuzz targets link libFuzzer's main.
  target_compile_options(kiosk_sanitizers INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(kiosk_sanitizers INTERFACE -fsanitize=address,undefined)
endif()

# kiosk_module(NAME SOURCES...): a static library with the project's include root and warning set.
function(kiosk_module name)
  add_library(${name} STATIC ${ARGN})
  target_include_directories(${name} PUBLIC ${KIOSK_SOURCE_ROOT})
  target_link_libraries(${name} PRIVATE kiosk_warnings PUBLIC kiosk_sanitizers)
endfunction()
