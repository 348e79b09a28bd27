// mandelbrot --png: the picture is written whole, and a path that cannot be
// written is a usage error before any run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "concur/errors.hpp"
#include "concur/registry.hpp"
#include "temp_dir.hpp"
#include "workloads/math/mandelbrot_options.hpp"

namespace concur {
namespace {

namespace fs = std::filesystem;

using testing::TempDir;

TEST(MandelbrotPng, WritesAWholePngAndNothingElse) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  Options options;
  options.size = 40;  // 40 x 25 pixels
  const std::string png = dir.file("set.png");
  options.plugins.get<MandelbrotOptions>().png_path = png;
  find_workload("mandelbrot")->make(options);

  std::string bytes(fs::file_size(png), '\0');
  std::ifstream(png, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_GT(bytes.size(), 33u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  auto be32 = [&](std::size_t at) {
    return static_cast<unsigned>(static_cast<unsigned char>(bytes[at])) << 24 |
           static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 1])) << 16 |
           static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 2])) << 8 |
           static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 3]));
  };
  EXPECT_EQ(bytes.substr(12, 4), "IHDR");
  EXPECT_EQ(be32(16), 40u);  // width
  EXPECT_EQ(be32(20), 25u);  // height
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1)
      << "no temporary file may be left behind";
}

TEST(MandelbrotPng, UnwritablePathIsAUsageError) {
  Options options;
  options.size = 16;
  options.plugins.get<MandelbrotOptions>().png_path = "/nonexistent-folder/set.png";
  EXPECT_THROW(find_workload("mandelbrot")->make(options), UsageError);
  options.plugins.get<MandelbrotOptions>().png_path = fs::temp_directory_path().string();  // a folder
  EXPECT_THROW(find_workload("mandelbrot")->make(options), UsageError);
}

}  // namespace
}  // namespace concur
