# Labels of the discovered tests (ctest reads this after the list
# gtest_discover_tests wrote into concur_tests_TESTS, and after
# test_kinds.cmake's output, which sorted the suites by their source file):
#   e2e              the test's file launches the binary or another program
#                    (run_binary.hpp, run_program.hpp, ChildExec, popen...);  ctest -L e2e
#   unit             everything else, in-process;                              ctest -L unit
#   sanitizer-heavy  real threads, forks, servers, timing: what the asan-ubsan
#                    and tsan presets are for, and most of their time;
#                    ctest -L sanitizer-heavy (a subset of unit and e2e).
# A test whose suite is in neither set gets neither label, and the test
# Labels.EveryTestIsUnitOrE2eExactlyOnce fails naming it.
set(concur_heavy "^(GilModel|GilLock|.*EveryModel|.*MathKernelOnModel|ProcessesModel|ThreadsModel|DownloadModels|DownloadFaults|DownloadRetries|ImageServerTest|Runner|CompareCli|DownloadCli|.*Interrupt|CourseBinary|Mechanism|MechanismRunner)\\.")
foreach(test IN LISTS concur_tests_TESTS)
  # "Suite.Name", or "Prefix/Suite.Name/param" for parameterised tests.
  string(REGEX REPLACE "^([^./]+/)?([^./]+)\\..*$" "\\2" suite "${test}")
  set(labels "")
  # list(FIND), not if(IN_LIST): ctest reads this file under old policies.
  list(FIND concur_e2e_suites "${suite}" at)
  if(NOT at EQUAL -1)
    list(APPEND labels e2e)
  endif()
  list(FIND concur_unit_suites "${suite}" at)
  if(NOT at EQUAL -1)
    list(APPEND labels unit)
  endif()
  if(test MATCHES "${concur_heavy}")
    list(APPEND labels sanitizer-heavy)
  endif()
  if(labels)
    set_tests_properties("${test}" PROPERTIES LABELS "${labels}")
  endif()
endforeach()
