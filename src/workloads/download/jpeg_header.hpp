// Whether a downloaded file is a JPEG by its header, not only by its first
// and last two bytes: libjpeg-turbo reads its markers up to the frame
// header (SOF: size, components, subsampling), so an HTML page framed as
// FF D8 ... FF D9 does not pass.
#pragma once

#include <cstdint>
#include <string>

namespace concur::download {

// Empty when `path` (of `bytes` bytes) has a readable JPEG header, else
// what is wrong with it, in libjpeg-turbo's words.
std::string jpeg_header_problem(const std::string& path, std::uint64_t bytes);

}  // namespace concur::download
