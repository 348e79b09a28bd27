#include "workloads/download/download_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "concur/errors.hpp"

namespace concur::download {

DownloadDir::DownloadDir(const std::string& keep_dir) {
  if (!keep_dir.empty()) {
    keep_lock_ = ::open(keep_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (keep_lock_ < 0)
      throw UsageError(fmt::format("--keep '{}': {}", keep_dir, std::strerror(errno)));
    if (::flock(keep_lock_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(keep_lock_);
      throw UsageError(error == EWOULDBLOCK
                           ? fmt::format("--keep '{}': another concur-bench run is keeping its images "
                                         "there; give each run a folder of its own",
                                         keep_dir)
                           : fmt::format("--keep '{}': cannot lock it: {}", keep_dir, std::strerror(error)));
    }
  }
  std::string parent = keep_dir;
  if (parent.empty()) {
    const char* tmpdir = std::getenv("TMPDIR");
    parent = tmpdir && *tmpdir ? tmpdir : "/tmp";
  }
  std::string pattern = (std::filesystem::path(parent) / ".concur-download-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) {
    const int error = errno;
    if (keep_lock_ >= 0) ::close(keep_lock_);
    throw std::runtime_error(
        fmt::format("cannot create a temporary folder in {}: {}", parent, std::strerror(error)));
  }
  temp_ = pattern;
  final_dir_ = keep_dir.empty() ? temp_ : keep_dir;
}

DownloadDir::~DownloadDir() {
  std::error_code ignored;  // nothing useful to do about it in a destructor
  std::filesystem::remove_all(temp_, ignored);
  if (keep_lock_ >= 0) ::close(keep_lock_);  // the lock goes with it
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
