// Where downloads land: a private directory made with mkdtemp (under
// $TMPDIR, or inside the --keep folder so a rename is all keeping takes).
// Files arrive as image-001.jpg.partial and are renamed to image-001.jpg
// (in the temporary directory, or in the --keep folder) once verified. The
// directory and everything left in it is removed by the destructor, which
// also runs on errors and after Ctrl-C. A --keep folder is locked (flock on
// the folder itself, nothing written there) for as long as the directory
// lives: a second run into the same folder is refused, not interleaved.
#pragma once

#include <cstddef>
#include <string>

#include "workloads/download/transfer.hpp"

namespace concur::download {

class DownloadDir {
 public:
  // keep_dir empty: files are thrown away with the directory. Throws
  // UsageError when another run holds keep_dir, std::runtime_error when the
  // directory cannot be created.
  explicit DownloadDir(const std::string& keep_dir);
  ~DownloadDir();
  DownloadDir(const DownloadDir&) = delete;
  DownloadDir& operator=(const DownloadDir&) = delete;

  Destination destination(std::size_t index) const;
  static std::string file_name(std::size_t index);  // "image-001.jpg"

 private:
  std::string temp_;
  std::string final_dir_;
  int keep_lock_ = -1;  // the --keep folder, opened and flock()ed
};

}  // namespace concur::download
