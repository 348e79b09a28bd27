# The .deb's Description, from the registries: run at build time as
#   cmake -DBINARY=concur-bench -DSUMMARY=... -DOUTPUT=FILE -P ConcurDebDescription.cmake
# it reads `concur-bench list --format json` (every model and workload the
# binary registers, from src/models/models.def and src/workloads/workloads.def)
# and writes the extended description of the Debian control field as CPack
# wants it: CPack puts the summary (SUMMARY) above it, starts every line with
# one more space and turns empty lines into " ."; in the package every line
# is under 80 columns. CPack reads OUTPUT at package
# time (CPackProjectConfig.cmake), so the package cannot list a model or
# workload the binary lacks, nor miss one it has.
cmake_minimum_required(VERSION 3.25)
foreach(var BINARY SUMMARY OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ConcurDebDescription.cmake: -D${var}= is required")
  endif()
endforeach()
string(LENGTH "${SUMMARY}" summary_length)
if(summary_length GREATER_EQUAL 80)
  message(FATAL_ERROR "the package summary is ${summary_length} characters, Debian wants under 80: ${SUMMARY}")
endif()

execute_process(COMMAND "${BINARY}" list --format json
                OUTPUT_VARIABLE json RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BINARY} list --format json failed (${rc}): ${err}")
endif()

set(width 78)  # lintian: extended-description-line-too-long above 80; CPack adds 1
# CMake lists are ;-separated and [] groups their elements: the text's own
# semicolons and brackets travel as tokens while it is a list of words.
set(semi "<concur-semicolon>")
set(open "<concur-open-bracket>")
set(close "<concur-close-bracket>")

# TEXT wrapped at `width`: the first line after FIRST, the next after NEXT.
function(concur_wrap text first next out)
  string(REPLACE ";" "${semi}" text "${text}")
  string(REPLACE "[" "${open}" text "${text}")
  string(REPLACE "]" "${close}" text "${text}")
  string(REGEX MATCHALL "[^ ]+" words "${text}")
  set(lines "")
  set(line "${first}")
  set(fresh TRUE)  # nothing but the prefix on the line yet
  foreach(word IN LISTS words)
    string(REPLACE "${semi}" ";" shown "${word}")
    string(REPLACE "${open}" "[" shown "${shown}")
    string(REPLACE "${close}" "]" shown "${shown}")
    string(LENGTH "${line} ${shown}" n)
    if(NOT fresh AND n GREATER width)
      string(APPEND lines "${line}\n")
      set(line "${next}")
      set(fresh TRUE)
    endif()
    if(fresh)
      string(APPEND line "${shown}")
      set(fresh FALSE)
    else()
      string(APPEND line " ${shown}")
    endif()
  endforeach()
  string(APPEND lines "${line}\n")
  set(${out} "${lines}" PARENT_SCOPE)
endfunction()

# Every entry of one registry: "  name  description", wrapped under itself.
function(concur_entries kind out)
  string(JSON count LENGTH "${json}" ${kind})
  math(EXPR last "${count} - 1")
  set(names "")
  set(widest 0)
  foreach(i RANGE ${last})
    string(JSON name GET "${json}" ${kind} ${i} name)
    list(APPEND names "${name}")
    string(LENGTH "${name}" n)
    if(n GREATER widest)
      set(widest ${n})
    endif()
  endforeach()
  string(REPEAT " " ${widest} pad)
  set(text "")
  foreach(i RANGE ${last})
    string(JSON name GET "${json}" ${kind} ${i} name)
    string(JSON description GET "${json}" ${kind} ${i} description)
    string(LENGTH "${name}" n)
    math(EXPR fill "${widest} - ${n}")
    string(SUBSTRING "${pad}" 0 ${fill} gap)
    # Two leading spaces in the package: shown verbatim, as a table.
    concur_wrap("${description}" " ${name}${gap}  " " ${pad}  " lines)
    string(APPEND text "${lines}")
  endforeach()
  list(JOIN names ", " joined)
  set(${out} "${text}" PARENT_SCOPE)
  set(${out}_names "${joined}" PARENT_SCOPE)
  set(${out}_count ${count} PARENT_SCOPE)
endfunction()

concur_entries(models models)
concur_entries(workloads workloads)
concur_wrap("Runs every workload below under every concurrency model (${models_names}), \
times the runs with Google Benchmark, verifies every answer and reports the speedups." "" "" intro)

# The last line must not be indented: CPack strips the last line's spaces.
set(text "${intro}\nModels (${models_count}):\n${models}\nWorkloads (${workloads_count}):\n${workloads}
The manual is concur-bench(1); the README is in /usr/share/doc/concur-bench.")
# Each line checked, so a long name cannot slip past the wrapping.
string(REGEX MATCH "(^|\n)[^\n]{${width}}[^\n]+" too_long "${text}")
if(too_long)
  message(FATAL_ERROR "a Description line is over ${width} characters:${too_long}")
endif()
file(WRITE "${OUTPUT}.tmp" "${text}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
