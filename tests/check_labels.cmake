# Every test has exactly one of the labels unit and e2e, as ctest itself sees
# them (cmake -DCTEST=ctest -DBUILD_DIR=build/x -P check_labels.cmake):
# asked through ctest's own label filters, so the discovered tests, the
# add_test() ones and ctest_labels.cmake are checked together.
cmake_minimum_required(VERSION 3.25)

# The names ctest lists for `ctest -N <filters>`, into `out_var`.
function(listed out_var)
  execute_process(COMMAND "${CTEST}" --test-dir "${BUILD_DIR}" -N ${ARGN}
                  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ctest -N ${ARGN} failed (${rc}):\n${out}")
  endif()
  string(REGEX MATCHALL "Test +#[0-9]+: [^\n]+" lines "${out}")
  list(TRANSFORM lines REPLACE "^Test +#[0-9]+: " "")
  set(${out_var} "${lines}" PARENT_SCOPE)
endfunction()

listed(all)
listed(neither -LE "^(unit|e2e)$")
# Several -L options must all match (CMake >= 3.21): labelled both.
listed(both -L "^unit$" -L "^e2e$")
list(LENGTH all total)
if(total LESS 2)
  message(FATAL_ERROR "ctest lists ${total} tests in ${BUILD_DIR}: is the build there?")
endif()
if(neither OR both)
  list(JOIN neither "\n  " neither)
  list(JOIN both "\n  " both)
  message(FATAL_ERROR "of ${total} tests, these have neither unit nor e2e:\n  ${neither}\n"
                      "and these have both:\n  ${both}\n"
                      "(labels: tests/ctest_labels.cmake, suites sorted by tests/test_kinds.cmake)")
endif()
message(STATUS "all ${total} tests have exactly one of unit / e2e")
