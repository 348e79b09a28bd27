#include "cli/version.hpp"

#include <fmt/format.h>

#include "concur_commit.hpp"  // generated at build time: CONCUR_GIT_COMMIT
#include "core/machine.hpp"

namespace concur::cli {

std::string version_text() {
  return fmt::format("concur-bench {}\ncommit      {}\nbuild type  {}\ncompiler    {}", CONCUR_VERSION,
                     CONCUR_GIT_COMMIT, CONCUR_BUILD_TYPE, compiler_name());
}

}  // namespace concur::cli
