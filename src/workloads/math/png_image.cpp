#include "workloads/math/png_image.hpp"

#include <png.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "core/atomic_file.hpp"

namespace concur::math {

void write_png_rgb(const std::string& path, std::uint32_t width, std::uint32_t height,
                   std::span<const std::uint8_t> rgb) {
  if (rgb.size() != std::size_t{width} * height * 3)
    throw std::logic_error("write_png_rgb: pixel buffer does not match the size");
  // libpng's simplified API: no setjmp/longjmp crossing C++ frames.
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = PNG_FORMAT_RGB;
  png_alloc_size_t bytes = 0;
  if (!png_image_write_to_memory(&image, nullptr, &bytes, 0, rgb.data(), 0, nullptr))
    throw std::runtime_error(fmt::format("--png {}: libpng: {}", path, image.message));
  std::string encoded(bytes, '\0');
  if (!png_image_write_to_memory(&image, encoded.data(), &bytes, 0, rgb.data(), 0, nullptr))
    throw std::runtime_error(fmt::format("--png {}: libpng: {}", path, image.message));
  encoded.resize(bytes);
  write_file_atomically(path, encoded);
}

}  // namespace concur::math
