#include "concur/version.hpp"
#include "cli/version.hpp"

#include <fmt/format.h>

#include "concur_commit.hpp"  // generated at build time: CONCUR_GIT_COMMIT
#include "core/machine.hpp"

namespace concur::cli {

std::string version_text() {
  return fmt::format("concur-bench {}\ncommit      {}\nbuild type  {}\ncompiler    {}", build_info::version,
                     CONCUR_GIT_COMMIT, build_info::build_type, compiler_name());
}

}  // namespace concur::cli
