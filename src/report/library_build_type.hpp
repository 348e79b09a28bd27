// The build type of the Google Benchmark library this binary links, as its
// own JSON reporter states it ("release" or "debug": Debian's libbenchmark
// says "debug"). JSON's context.library_build_type means that, in every
// Google Benchmark file; our own build type has a key of its own.
#pragma once

#include <string>

namespace concur::report {

const std::string& benchmark_library_build_type();

}  // namespace concur::report
