#include "concur/registry.hpp"
#include "core/workload_maker.hpp"

#include <algorithm>

namespace concur {

// A .def line's optional last argument names the plug-in's describe function.
#define CONCUR_MODEL(id, ...)                                     \
  std::unique_ptr<Model> make_##id##_model(const Options&); \
  __VA_OPT__(void __VA_ARGS__(PluginTraits&);)
#include "models/models.def"
#undef CONCUR_MODEL

#define CONCUR_WORKLOAD(id, traits, description, ...)             \
  std::unique_ptr<Workload> make_##id##_workload(const Options&); \
  __VA_OPT__(void __VA_ARGS__(PluginTraits&);)
#include "workloads/workloads.def"
#undef CONCUR_WORKLOAD

namespace {

constexpr ModelEntry kModels[] = {
#define CONCUR_MODEL(id, ...) {#id, &make_##id##_model __VA_OPT__(, &__VA_ARGS__)},
#include "models/models.def"
#undef CONCUR_MODEL
};

constexpr WorkloadEntry kWorkloads[] = {
#define CONCUR_WORKLOAD(id, traits, description, ...)                                           \
  {#id, traits, description, &make_##id##_workload \
   __VA_OPT__(, &__VA_ARGS__)},
#include "workloads/workloads.def"
#undef CONCUR_WORKLOAD
};

template <typename Entry>
const Entry* find_by_name(std::span<const Entry> entries, std::string_view name) {
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const Entry& e) { return e.name == name; });
  return it == entries.end() ? nullptr : &*it;
}

}  // namespace

std::span<const ModelEntry> model_registry() { return kModels; }
std::span<const WorkloadEntry> workload_registry() { return kWorkloads; }

namespace {
// Models that rebuild workloads by name (mpi ranks) reach the registry here.
const bool workload_maker_installed = [] {
  install_workload_maker([](std::string_view name, const Options& options) -> std::unique_ptr<Workload> {
    const WorkloadEntry* entry = find_workload(name);
    return entry ? entry->make(options) : nullptr;
  });
  return true;
}();
}  // namespace

const ModelEntry* find_model(std::string_view name) {
  return find_by_name(model_registry(), name);
}
const WorkloadEntry* find_workload(std::string_view name) {
  return find_by_name(workload_registry(), name);
}

std::string_view speedup_baseline_model() {
  for (const auto& entry : model_registry())
    if (registered_model_info(entry.name)->speedup_baseline) return entry.name;
  return {};
}

const ModelInfo* registered_model_info(std::string_view name) {
  static const std::vector<ModelInfo> infos = [] {
    std::vector<ModelInfo> all;
    for (const auto& entry : model_registry()) all.push_back(entry.make(Options{})->info());
    return all;
  }();
  for (const ModelInfo& info : infos)
    if (info.name == name) return &info;
  return nullptr;
}

std::vector<const WorkloadEntry*> workloads_bound_by(std::optional<Bound> bound) {
  std::vector<const WorkloadEntry*> entries;
  for (const auto& entry : workload_registry())
    if (!bound || entry.traits.bound == *bound) entries.push_back(&entry);
  return entries;
}

std::vector<LibraryVersion> plugin_libraries() {
  std::vector<LibraryVersion> libraries;
  auto add = [&](DescribePlugin describe) {
    for (auto& library : traits_of(describe).libraries) {
      auto same = [&](const LibraryVersion& l) { return l.name == library.name; };
      if (std::none_of(libraries.begin(), libraries.end(), same))
        libraries.push_back(std::move(library));
    }
  };
  for (const auto& entry : model_registry()) add(entry.describe);
  for (const auto& entry : workload_registry()) add(entry.describe);
  return libraries;
}

}  // namespace concur
