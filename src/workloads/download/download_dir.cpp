#include "workloads/download/download_dir.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

namespace concur::download {

DownloadDir::DownloadDir(const std::string& keep_dir) {
  std::string parent = keep_dir;
  if (parent.empty()) {
    const char* tmpdir = std::getenv("TMPDIR");
    parent = tmpdir && *tmpdir ? tmpdir : "/tmp";
  }
  std::string pattern = (std::filesystem::path(parent) / ".concur-download-XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    throw std::runtime_error(
        fmt::format("cannot create a temporary folder in {}: {}", parent, std::strerror(errno)));
  temp_ = pattern;
  final_dir_ = keep_dir.empty() ? temp_ : keep_dir;
}

DownloadDir::~DownloadDir() {
  std::error_code ignored;  // nothing useful to do about it in a destructor
  std::filesystem::remove_all(temp_, ignored);
}

std::string DownloadDir::file_name(std::size_t index) {
  return fmt::format("image-{:03}.jpg", index + 1);
}

Destination DownloadDir::destination(std::size_t index) const {
  const std::string name = file_name(index);
  return {(std::filesystem::path(temp_) / (name + ".partial")).string(),
          (std::filesystem::path(final_dir_) / name).string()};
}

}  // namespace concur::download
