// Which URL image i comes from when the images are not the embedded
// server's: --url with an optional number placeholder ("{i}" or "{i:03}",
// the image's number from 1), or --urls, a list read once, before the run,
// one URL per image, cycling when the images outnumber it. Every URL is
// checked before anything runs (UsageError: exit 2), naming the line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace concur::download {

// libcurl's own parser, an http(s) scheme and a host name; `flag` starts the
// message ("--url", "--urls list.txt line 3"). The URL is shown with its
// password redacted and its control characters escaped.
void check_url(const std::string& url, std::string_view flag = "--url");

// `pattern` with every "{i}" replaced by `number` and every "{i:0W}" by it
// zero-padded to W digits (1 to 9). UsageError on any other "{...}" or a
// lone brace.
std::string expand_url_pattern(std::string_view pattern, std::size_t number);

// The URLs of `path` ("-": standard input): one per line, blank lines and
// lines starting with '#' skipped, a trailing CR dropped. UsageError naming
// the line for the first bad one, and for a list with none.
std::vector<std::string> read_url_list(const std::string& path);

// Image `index` (from 0) of a run: the list's, cycling, when there is one,
// else the pattern expanded with index + 1.
inline std::string url_of_image(const std::string& pattern, const std::vector<std::string>& list,
                                std::size_t index) {
  return list.empty() ? expand_url_pattern(pattern, index + 1) : list[index % list.size()];
}

}  // namespace concur::download
