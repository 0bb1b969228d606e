// Attacks on node (issue 9): each case starts a real server or uses the
// real binary, runs one attack on loopback, bounded in time and traffic,
// and names the row of issue 9 it pins.
#include <doctest/doctest.h>
