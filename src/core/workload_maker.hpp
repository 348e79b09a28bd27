// A model that rebuilds a workload somewhere else (the mpi model's worker
// ranks) makes it by name through this hook. The registry, a higher layer,
// installs it at start-up, so models never depend on the registry.
#pragma once

#include <memory>
#include <string_view>

#include "concur/options.hpp"
#include "concur/workload.hpp"

namespace concur {

// nullptr for a name it does not know.
using MakeWorkloadByName = std::unique_ptr<Workload> (*)(std::string_view name, const Options&);

void install_workload_maker(MakeWorkloadByName make);
// Throws std::runtime_error when the name is unknown or nothing is installed.
std::unique_ptr<Workload> make_workload_by_name(std::string_view name, const Options& options);

}  // namespace concur
