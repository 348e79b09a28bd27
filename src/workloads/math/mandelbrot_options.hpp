// The mandelbrot workload's own setting, held in Options::plugins. It does
// not travel to mpi's ranks: the picture is written by the coordinator only.
#pragma once

#include <string>
#include <string_view>

namespace concur {

struct MandelbrotOptions {
  static constexpr std::string_view key = "mandelbrot";
  std::string png_path;  // --png: write the picture here
};

}  // namespace concur
