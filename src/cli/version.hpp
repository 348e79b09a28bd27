// What `concur-bench --version` prints: enough to tell two builds apart when
// their numbers differ (version, commit, build type, compiler).
#pragma once

#include <string>

namespace concur::cli {

std::string version_text();

}  // namespace concur::cli
