# SPDX-License-Identifier: GPL-3.0-or-later
shipcast_add_test(delivery test_delivery.c shipcast_models)
shipcast_add_test(forecast test_forecast.c shipcast_models shipcast_analysis)
shipcast_add_test(capacity test_capacity.c shipcast_models)
