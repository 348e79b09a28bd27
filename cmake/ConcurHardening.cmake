# Hardening, as Debian builds its packages (dpkg-buildflags' defaults plus
# bindnow), for every target of every build, tests and bench/ included:
#   -D_FORTIFY_SOURCE=2   bounds-checked memcpy/sprintf/read...; it needs the
#                         optimiser, so not in Debug (-O0: glibc warns, and
#                         the presets make warnings errors). The sanitizer
#                         presets build at -O1, which is enough.
#   -fstack-protector-strong  a canary in functions with arrays on the stack
#   -z relro -z now       the GOT read-only after every symbol is bound at start
# CONCUR_HARDENING=OFF leaves them out (to measure what they cost).
option(CONCUR_HARDENING "Fortify, stack protector, full RELRO (as Debian's packages)" ON)
if(CONCUR_HARDENING)
  # -U first: a compiler that already defines it (Ubuntu's GCC) does not warn
  # about the redefinition.
  add_compile_options(
    "$<$<AND:$<COMPILE_LANGUAGE:CXX,C>,$<NOT:$<CONFIG:Debug>>>:-U_FORTIFY_SOURCE;-D_FORTIFY_SOURCE=2>"
    "$<$<COMPILE_LANGUAGE:CXX,C>:-fstack-protector-strong>")
  add_link_options("LINKER:-z,relro,-z,now")
endif()
