# CUDA is optional. (Filled in by the CUDA work: check_language(CUDA), the
# /usr/local/cuda fallback and CONCUR_CUDA=AUTO|ON|OFF.)
set(CONCUR_CUDA "AUTO" CACHE STRING "Build the cuda model: AUTO, ON or OFF")
set(CONCUR_HAVE_CUDA OFF)
function(concur_add_cuda_sources target)
endfunction()
