// Internal to sync/server: sets and maps keyed by a row, (table, pk), that
// the checks of a pushed batch consult for every cell. Hashed, not ordered:
// nothing iterates them in order, and a tree of string pairs costs a string
// comparison per level for each of a batch's ~12,000 cells.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace thidua {

using RowKey = std::pair<std::string, std::string>;  // (table, pk)

struct RowKeyHash {
  std::size_t operator()(const RowKey& k) const noexcept {
    const std::size_t a = std::hash<std::string>{}(k.first);
    const std::size_t b = std::hash<std::string>{}(k.second);
    return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
  }
};

using RowKeySet = std::unordered_set<RowKey, RowKeyHash>;
template <class V>
using RowKeyMap = std::unordered_map<RowKey, V, RowKeyHash>;

}  // namespace thidua
