# SPDX-License-Identifier: GPL-3.0-or-later
# Tests of scenarios/ (plan loading and validation) and of base/sha256.
shipcast_add_test(plan test_plan.c shipcast_scenarios)
shipcast_add_test(sha256 test_sha256.c shipcast_base)
