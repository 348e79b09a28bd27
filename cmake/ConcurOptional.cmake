# Optional libraries, found in this one place (included once the layers
# exist). A found library is linked PRIVATE into the layer that uses it and
# announced as CONCUR_HAVE_<ID>=1; a missing one as CONCUR_MISSING_<ID>="why",
# which the model that needs it shows as `skipped: <why>` (never a build
# failure). Adding one: a concur_optional_package() line below.

# concur_optional_package(<find_package name> <imported target> <Debian package>
#                         [extra find_package arguments])
# Links the target into concur_models; -DCONCUR_WITH_<ID>=OFF leaves it out.
function(concur_optional_package package target debian)
  string(TOUPPER "${package}" id)
  option(CONCUR_WITH_${id} "Build the models that need ${package} when it is found" ON)
  set(why "")
  if(NOT CONCUR_WITH_${id})
    set(why "not built (CONCUR_WITH_${id}=OFF)")
  else()
    find_package(${package} QUIET ${ARGN})
    if(NOT TARGET ${target})
      set(why "not built (${package} not found at configure time: apt install ${debian})")
    endif()
  endif()
  if(why STREQUAL "")
    target_link_libraries(concur_models PRIVATE ${target})
    target_compile_definitions(concur_models PRIVATE CONCUR_HAVE_${id}=1)
    message(STATUS "concur: ${package} ${${package}_VERSION} found, its models are built")
  else()
    target_compile_definitions(concur_models PRIVATE CONCUR_MISSING_${id}="${why}")
    message(STATUS "concur: ${package}: ${why}")
  endif()
endfunction()

concur_optional_package(TBB TBB::tbb libtbb-dev)  # oneTBB: the tbb model

# CUDA: the cuda model (src/models/*.cu) and each kernel's device side
# (src/workloads/**/*.cu), see ConcurCuda.cmake.
include(ConcurCuda)
concur_announce_cuda(concur_core)
concur_add_cuda_sources(concur_models "${PROJECT_SOURCE_DIR}/src/models")
concur_add_cuda_sources(concur_workloads "${PROJECT_SOURCE_DIR}/src/workloads")

# MPI: the mpi model's slot. cmake/ConcurMpi.cmake (when present) finds MPI
# and links it into concur_models, e.g. with
#   concur_optional_package(MPI MPI::MPI_CXX libopenmpi-dev COMPONENTS CXX)
include(ConcurMpi OPTIONAL)
