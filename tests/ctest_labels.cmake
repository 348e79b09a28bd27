# Labels of the discovered tests, by name (ctest reads this after the list
# gtest_discover_tests wrote into concur_tests_TESTS):
#   e2e              runs the concur-bench binary;        ctest -L e2e
#   unit             everything else, in-process;         ctest -L unit
#   sanitizer-heavy  real threads, forks, servers, timing: what the asan-ubsan
#                    and tsan presets are for, and most of their time;
#                    ctest -L sanitizer-heavy (a subset of unit and e2e).
set(concur_e2e "^(Cli\\.|.*CliBadUsage\\.|CompareCli\\.|DownloadCli\\.|ServeCli\\.|.*Interrupt\\.|CourseBinary\\.|CudaCli\\.|Runner\\.InterruptKeeps)")
set(concur_heavy "^(GilModel|GilLock|.*EveryModel|.*MathKernelOnModel|ProcessesModel|ThreadsModel|DownloadModels|DownloadFaults|DownloadRetries|ImageServerTest|Runner|CompareCli|DownloadCli|.*Interrupt|CourseBinary)\\.")
foreach(test IN LISTS concur_tests_TESTS)
  if(test MATCHES "${concur_e2e}")
    set(labels e2e)
  else()
    set(labels unit)
  endif()
  if(test MATCHES "${concur_heavy}")
    list(APPEND labels sanitizer-heavy)
  endif()
  set_tests_properties("${test}" PROPERTIES LABELS "${labels}")
endforeach()
