# CONCUR_SANITIZE=address,undefined or thread: instruments every target.
set(CONCUR_SANITIZE "" CACHE STRING "Sanitizers: address,undefined | thread")
if(CONCUR_SANITIZE)
  if(CONCUR_SANITIZE MATCHES "thread" AND CONCUR_SANITIZE MATCHES "address")
    message(FATAL_ERROR "CONCUR_SANITIZE: thread cannot be combined with address")
  endif()
  # -g1: the line tables a report's stack trace needs, at a fraction of the
  # compile and link time of full debug information.
  set(_flags -fsanitize=${CONCUR_SANITIZE} -fno-omit-frame-pointer -g1)
  if(CONCUR_SANITIZE MATCHES "undefined")
    list(APPEND _flags -fno-sanitize-recover=undefined)
  endif()
  add_compile_options("$<$<COMPILE_LANGUAGE:CXX,C>:${_flags}>")
  add_link_options(${_flags})
endif()
