# Warnings on, for our targets only (not for the system headers we include).
function(concur_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow
      -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
      -Woverloaded-virtual -Wnull-dereference -Wformat=2>)
  # GCC 12 reports -Wrestrict inside libstdc++ for `"x" + std::string`
  # (GCC bug 105329), a false positive: keep it from failing -Werror builds.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict>)
  endif()
  # Sanitizer instrumentation adds null checks that GCC 12's
  # -Wnull-dereference then reports inside std::string (false positives).
  if(CONCUR_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wno-null-dereference>)
  endif()
endfunction()
# Warnings as errors: CMake's own CMAKE_COMPILE_WARNING_AS_ERROR (the presets
# set it; `cmake --compile-no-warning-as-error` overrides it for one build).
