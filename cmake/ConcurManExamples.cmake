# Makes the man page's examples copyable: run after help2man as
#   cmake -DMAN=concur-bench.1 -P ConcurManExamples.cmake
# help2man sets each "$ command" line of an Examples: paragraph in a filled
# paragraph, so man breaks and hyphenates long ones ("sequen- tial"), and
# leaves their "-" as hyphens, which a UTF-8 terminal shows as U+2010. Here
# each run of example lines becomes one no-fill block (.nf/.fi: one line per
# command, never broken or hyphenated) with "\-", the ASCII minus, for "-".
cmake_minimum_required(VERSION 3.25)
if(NOT DEFINED MAN)
  message(FATAL_ERROR "ConcurManExamples.cmake: -DMAN= is required")
endif()
file(READ "${MAN}" text)
# Line by line: the page's own semicolons and brackets must not split the list.
set(semi "<concursemicolon>")
string(REPLACE ";" "${semi}" text "${text}")
string(REPLACE "[" "<concuropen>" text "${text}")
string(REPLACE "]" "<concurclose>" text "${text}")
string(REPLACE "\n" ";" lines "${text}")
set(out "")
set(in_block FALSE)
set(examples 0)
foreach(line IN LISTS lines)
  # help2man writes an example as \f(CW$ command\fR, separated by .br
  if(line MATCHES "^\\\\f\\(CW\\$ (.*)\\\\fR$")
    set(command "${CMAKE_MATCH_1}")
    string(REPLACE "\\-" "-" command "${command}")  # already escaped: once only
    string(REPLACE "-" "\\-" command "${command}")
    if(NOT in_block)
      string(APPEND out ".nf\n")
      set(in_block TRUE)
    endif()
    string(APPEND out "\\f(CW$ ${command}\\fR\n")
    math(EXPR examples "${examples} + 1")
    continue()
  endif()
  if(in_block AND line STREQUAL ".br")
    continue()
  endif()
  if(in_block)
    string(APPEND out ".fi\n")
    set(in_block FALSE)
  endif()
  string(APPEND out "${line}\n")
endforeach()
if(in_block)
  string(APPEND out ".fi\n")
endif()
if(examples EQUAL 0)
  message(FATAL_ERROR "${MAN}: no example lines (\\f(CW$ ...\\fR) found: has help2man's output changed?")
endif()
string(REGEX REPLACE "\n$" "" out "${out}")  # the split added one line
string(REPLACE "${semi}" ";" out "${out}")
string(REPLACE "<concuropen>" "[" out "${out}")
string(REPLACE "<concurclose>" "]" out "${out}")
file(WRITE "${MAN}" "${out}")
