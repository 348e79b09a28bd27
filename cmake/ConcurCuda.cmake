# CUDA is optional. CONCUR_CUDA=AUTO builds the cuda model when a CUDA
# compiler is found (on PATH, $CUDACXX, or the standard /usr/local/cuda,
# which is not on PATH on many machines); ON insists; OFF never looks.
set(CONCUR_CUDA "AUTO" CACHE STRING "Build the cuda model: AUTO, ON or OFF")
set_property(CACHE CONCUR_CUDA PROPERTY STRINGS AUTO ON OFF)
if(NOT CONCUR_CUDA MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "CONCUR_CUDA must be AUTO, ON or OFF, got '${CONCUR_CUDA}'")
endif()

set(CONCUR_HAVE_CUDA OFF)
set(CONCUR_CUDA_MISSING "CONCUR_CUDA=OFF")  # why the cuda model is not built
if(NOT CONCUR_CUDA STREQUAL "OFF")
  include(CheckLanguage)
  check_language(CUDA)
  if(NOT CMAKE_CUDA_COMPILER AND EXISTS "/usr/local/cuda/bin/nvcc")
    set(CMAKE_CUDA_COMPILER "/usr/local/cuda/bin/nvcc" CACHE FILEPATH "CUDA compiler" FORCE)
  endif()
  if(CMAKE_CUDA_COMPILER)
    # Real architectures of current data-centre GPUs (A100, H100/H200,
    # B200); CUDA 13 dropped everything below 7.5. Override on the command line.
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES "80-real;90-real;100-real" CACHE STRING "CUDA architectures")
    endif()
    enable_language(CUDA)
    if(NOT DEFINED CMAKE_CUDA20_STANDARD_COMPILE_OPTION)  # CMake < 3.26 lacks nvcc's C++20 flag
      set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
      set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
    endif()
    find_package(CUDAToolkit REQUIRED)
    set(CONCUR_HAVE_CUDA ON)
    message(STATUS "concur: cuda model ON (nvcc ${CMAKE_CUDA_COMPILER_VERSION}, "
                   "architectures ${CMAKE_CUDA_ARCHITECTURES})")
  elseif(CONCUR_CUDA STREQUAL "ON")
    message(FATAL_ERROR "CONCUR_CUDA=ON but no CUDA compiler was found (not on PATH, not in "
                        "$CUDACXX, not at /usr/local/cuda/bin/nvcc). Install the CUDA toolkit, "
                        "point CUDACXX at nvcc, or configure with -DCONCUR_CUDA=AUTO or OFF.")
  else()
    set(CONCUR_CUDA_MISSING "no CUDA compiler found")
    message(STATUS "concur: cuda model OFF (${CONCUR_CUDA_MISSING})")
  endif()
endif()

# Adds the .cu files under `dir` to the layer `target` when CUDA is on.
# Whether CUDA is there (CONCUR_HAVE_CUDA) or why not (CONCUR_CUDA_MISSING)
# is told to every layer through concur_core, whose definitions are PUBLIC.
function(concur_add_cuda_sources target dir)
  if(NOT CONCUR_HAVE_CUDA)
    return()
  endif()
  file(GLOB_RECURSE cuda_sources CONFIGURE_DEPENDS "${dir}/*.cu")
  target_sources(${target} PRIVATE ${cuda_sources})
  # Set here too: the layers exist before CUDA is enabled, so they did not
  # pick up CMAKE_CUDA_ARCHITECTURES when they were created.
  set_target_properties(${target} PROPERTIES CUDA_STANDARD 20 CUDA_STANDARD_REQUIRED ON
                                             CUDA_EXTENSIONS OFF
                                             CUDA_ARCHITECTURES "${CMAKE_CUDA_ARCHITECTURES}")
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CUDA>:--fmad=false -Xcompiler=-Wall,-Wextra>)
  # The static runtime: the binary runs (and reports "no driver") on
  # machines without the CUDA toolkit installed.
  target_link_libraries(${target} PUBLIC CUDA::cudart_static)
endfunction()

# What every layer is told about CUDA. Host kernels must round like the
# device's (--fmad=false above): no fused multiply-adds anywhere, whatever
# -march a user adds.
function(concur_announce_cuda target)
  target_compile_options(${target} PUBLIC $<$<COMPILE_LANGUAGE:CXX>:-ffp-contract=off>)
  if(CONCUR_HAVE_CUDA)
    target_compile_definitions(${target} PUBLIC CONCUR_HAVE_CUDA=1)
  else()
    target_compile_definitions(${target} PUBLIC CONCUR_CUDA_MISSING="${CONCUR_CUDA_MISSING}")
  endif()
endfunction()
