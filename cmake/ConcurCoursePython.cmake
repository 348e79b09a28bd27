# course (issue 13): the CPython scripts `concur-bench course` runs beside
# its model. Copied next to the binary in the build tree and installed to
# share/concur-bench/python, the two places the binary looks.
include(GNUInstallDirs)
file(GLOB CONCUR_COURSE_PYTHON CONFIGURE_DEPENDS
     "${CMAKE_CURRENT_SOURCE_DIR}/share/concur-bench/python/*.py")
foreach(script IN LISTS CONCUR_COURSE_PYTHON)
  get_filename_component(name "${script}" NAME)
  configure_file("${script}" "${CMAKE_BINARY_DIR}/share/concur-bench/python/${name}" COPYONLY)
endforeach()
install(FILES ${CONCUR_COURSE_PYTHON} DESTINATION "${CMAKE_INSTALL_DATADIR}/concur-bench/python")
