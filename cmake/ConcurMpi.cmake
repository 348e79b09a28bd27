# MPI is optional, like CUDA. CONCUR_MPI=AUTO builds the mpi model when an MPI
# library is found (Debian: libopenmpi-dev + openmpi-bin); ON insists; OFF
# never looks. Without it the mpi rows are reported as skipped, with the reason.
set(CONCUR_MPI "AUTO" CACHE STRING "Build the mpi model: AUTO, ON or OFF")
set_property(CACHE CONCUR_MPI PROPERTY STRINGS AUTO ON OFF)
if(NOT CONCUR_MPI MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "CONCUR_MPI must be AUTO, ON or OFF, got '${CONCUR_MPI}'")
endif()

set(CONCUR_HAVE_MPI OFF)
set(CONCUR_MPI_MISSING "CONCUR_MPI=OFF")  # why the mpi model is not built
if(NOT CONCUR_MPI STREQUAL "OFF")
  find_package(MPI COMPONENTS C)
  if(MPI_C_FOUND)
    set(CONCUR_HAVE_MPI ON)
    message(STATUS "concur: mpi model ON (MPI ${MPI_C_VERSION}, ${MPI_C_LIBRARY_VERSION_STRING})")
  elseif(CONCUR_MPI STREQUAL "ON")
    message(FATAL_ERROR "CONCUR_MPI=ON but no MPI library was found. Install Open MPI "
                        "(apt-get install libopenmpi-dev openmpi-bin) or configure with "
                        "-DCONCUR_MPI=AUTO or OFF.")
  else()
    set(CONCUR_MPI_MISSING "no MPI library found at build time (libopenmpi-dev)")
    message(STATUS "concur: mpi model OFF (${CONCUR_MPI_MISSING})")
  endif()
endif()

# Adds src/models/mpi/*.cpp (the coordinator and worker ranks) to `target`
# when MPI is on, and tells the C++ code whether it is there
# (CONCUR_HAVE_MPI) or why not (CONCUR_MPI_MISSING).
function(concur_add_mpi_sources target)
  if(NOT CONCUR_HAVE_MPI)
    target_compile_definitions(${target} PUBLIC CONCUR_MPI_MISSING="${CONCUR_MPI_MISSING}")
    return()
  endif()
  file(GLOB mpi_sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/src/models/mpi/*.cpp")
  target_sources(${target} PRIVATE ${mpi_sources})
  # The C API only: mpi.h would otherwise pull in the long-deprecated C++
  # bindings, which live in a library we do not link.
  target_compile_definitions(${target} PUBLIC CONCUR_HAVE_MPI=1 OMPI_SKIP_MPICXX=1
                                              MPICH_SKIP_MPICXX=1
                                              CONCUR_MPIEXEC="${MPIEXEC_EXECUTABLE}")
  target_link_libraries(${target} PUBLIC MPI::MPI_C)
endfunction()

# Included by ConcurOptional.cmake once the layers exist: the model lives in
# the models layer.
concur_add_mpi_sources(concur_models)
