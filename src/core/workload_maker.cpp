#include "core/workload_maker.hpp"

#include <atomic>
#include <stdexcept>
#include <string>

namespace concur {
namespace {
std::atomic<MakeWorkloadByName> installed{nullptr};
}  // namespace

void install_workload_maker(MakeWorkloadByName make) { installed.store(make); }

std::unique_ptr<Workload> make_workload_by_name(std::string_view name, const Options& options) {
  const MakeWorkloadByName make = installed.load();
  if (!make) throw std::runtime_error("no workload registry in this program");
  auto workload = make(name, options);
  if (!workload) throw std::runtime_error("unknown workload '" + std::string(name) + "'");
  return workload;
}

}  // namespace concur
