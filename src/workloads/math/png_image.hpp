// Writing a picture as PNG, for `mandelbrot --png`.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace concur::math {

// Writes 8-bit RGB pixels (row-major, top row first) atomically: readers see
// the old file or the whole new one. Throws std::runtime_error on failure.
void write_png_rgb(const std::string& path, std::uint32_t width, std::uint32_t height,
                   std::span<const std::uint8_t> rgb);

}  // namespace concur::math
