<?php
/**
 * The Anunzi token broker route, against a local mock vendor over real HTTP (php -S): session
 * URLs, refusals, the rate limit, and the key that never leaves.
 *
 * @package VoiceAgentTests
 */

/**
 * Starts mock-vendor.php on a free loopback port; it is stopped when the run ends.
 *
 * @return array{url: string, log: string} Its base URL and the file listing the requests it got.
 */
function start_mock_vendor() {
	$probe = stream_socket_server( 'tcp://127.0.0.1:0' );
	$port  = (int) substr( strrchr( stream_socket_get_name( $probe, false ), ':' ), 1 );
	fclose( $probe );
	$log = tempnam( sys_get_temp_dir(), 'voice-agent-mock-vendor' );
	$env = array_merge(
		getenv(),
		array(
			'MOCK_VENDOR_KEY' => TEST_ANUNZI_KEY,
			'MOCK_VENDOR_LOG' => $log,
		)
	);
	$process = proc_open(
		array( PHP_BINARY, '-S', "127.0.0.1:$port", __DIR__ . '/mock-vendor.php' ),
		array( array( 'file', '/dev/null', 'r' ), array( 'file', '/dev/null', 'w' ), array( 'file', '/dev/null', 'w' ) ),
		$pipes,
		__DIR__,
		$env
	);
	register_shutdown_function(
		static function () use ( $process, $log ) {
			proc_terminate( $process );
			proc_close( $process );
			unlink( $log );
		}
	);
	for ( $attempt = 0; $attempt < 100; $attempt++ ) {
		$socket = @fsockopen( '127.0.0.1', $port, $errno, $errstr, 0.1 ); // phpcs:ignore -- expected to fail until the server is up.
		if ( $socket ) {
			fclose( $socket );
			return array(
				'url' => "http://127.0.0.1:$port",
				'log' => $log,
			);
		}
		usleep( 50000 );
	}
	throw new RuntimeException( 'the mock vendor did not start' );
}

$GLOBALS['mock_vendor'] = start_mock_vendor();
add_filter(
	'voice_agent_anunzi_base_url',
	static function () {
		return $GLOBALS['mock_vendor']['url'];
	}
);
update_option(
	Voice_Agent_Settings::OPTION,
	array_merge(
		Voice_Agent_Settings::get(),
		array(
			'assistant_ids'       => array( 'asst_ok', 'asst_second', 'asst_leaky', 'asst_leaky_enc', 'asst_https', 'asst_ws', 'asst_js', 'asst_not_json', 'asst_down', 'asst_missing' ),
			'allowed_origins'     => array( 'https://shop.example.com' ),
			'requests_per_minute' => 100,
			'anunzi_key'          => TEST_ANUNZI_KEY,
		)
	)
);

/**
 * @param array       $query   Query parameters.
 * @param string|null $origin  The page's Origin header, or none (a non-browser client).
 * @param string      $address The client address.
 * @return WP_REST_Response The route's answer, as WordPress's REST server gives it.
 */
function session_request( array $query, $origin = 'https://site.test', $address = '198.51.100.1' ) {
	wp_set_current_user( 0 );
	$_SERVER['REMOTE_ADDR'] = $address;
	$request                = new WP_REST_Request( 'GET', '/voice-agent/v1/session' );
	$request->set_query_params( $query );
	if ( null !== $origin ) {
		$request->set_header( 'Origin', $origin );
	}
	$response = rest_get_server()->dispatch( $request );
	seen( wp_json_encode( $response->get_data() ) . wp_json_encode( $response->get_headers() ) );
	return $response;
}

/**
 * @return int Requests the mock vendor has received so far.
 */
function vendor_requests() {
	return count( file( $GLOBALS['mock_vendor']['log'] ) );
}

test(
	'the route answers the vendor\'s one-time wss: URL, not cacheable, with CORS for the site\'s origin',
	static function () {
		$response = session_request( array( 'assistant' => 'asst_second' ) );
		check_same( 200, $response->get_status(), 'status' );
		check_same( array( 'sessionURL' => 'wss://voice.vendor.test/session/asst_second?token=one-time-456' ), $response->get_data(), 'body' );
		$headers = $response->get_headers();
		check_same( 'no-store', $headers['Cache-Control'], 'Cache-Control' );
		check_same( 'https://site.test', $headers['Access-Control-Allow-Origin'], 'Access-Control-Allow-Origin' );
		check_same( 'Origin', $headers['Vary'], 'Vary' );
	}
);

test(
	'without ?assistant the first configured assistant is used; a configured extra origin is allowed',
	static function () {
		$response = session_request( array(), 'https://shop.example.com' );
		check_same( 200, $response->get_status(), 'status' );
		check_same( 'wss://voice.vendor.test/session/asst_ok?token=one-time-123', $response->get_data()['sessionURL'], 'sessionURL' );
		check_same( 'https://shop.example.com', $response->get_headers()['Access-Control-Allow-Origin'], 'Access-Control-Allow-Origin' );
	}
);

test(
	'a server-side caller without an Origin header gets a session URL and no CORS header',
	static function () {
		$response = session_request( array( 'assistant' => 'asst_ok' ), null );
		check_same( 200, $response->get_status(), 'status' );
		check( ! isset( $response->get_headers()['Access-Control-Allow-Origin'] ), 'no Access-Control-Allow-Origin' );
	}
);

test(
	'another site\'s page and an unknown assistant are refused before the vendor is asked',
	static function () {
		$before   = vendor_requests();
		$response = session_request( array( 'assistant' => 'asst_ok' ), 'https://evil.example' );
		check_same( 403, $response->get_status(), 'status for another origin' );
		check_same( array( 'error' => 'origin not allowed' ), $response->get_data(), 'body for another origin' );
		check( ! isset( $response->get_headers()['Access-Control-Allow-Origin'] ), 'no Access-Control-Allow-Origin for another origin' );
		check_same( 'no-store', $response->get_headers()['Cache-Control'], 'Cache-Control' );

		$response = session_request( array( 'assistant' => 'asst_somebody_elses' ) );
		check_same( 403, $response->get_status(), 'status for an unknown assistant' );
		check_same( array( 'error' => 'unknown assistant' ), $response->get_data(), 'body for an unknown assistant' );
		check_same( $before, vendor_requests(), 'requests the vendor got' );
	}
);

$vendor_failures = array(
	'asst_leaky'     => 'voice vendor sent no usable sessionURL',
	'asst_leaky_enc' => 'voice vendor sent no usable sessionURL',
	'asst_https'     => 'voice vendor sent no usable sessionURL',
	'asst_ws'        => 'voice vendor sent no usable sessionURL',
	'asst_js'        => 'voice vendor sent no usable sessionURL',
	'asst_not_json'  => 'voice vendor sent no usable sessionURL',
	'asst_down'      => 'voice vendor answered 500',
	'asst_missing'   => 'voice vendor answered 404',
);
foreach ( $vendor_failures as $assistant => $error ) {
	test(
		"an unusable vendor answer ($assistant) becomes a clean 502: $error",
		static function () use ( $assistant, $error ) {
			$before   = vendor_requests();
			$response = session_request( array( 'assistant' => $assistant ) );
			check_same( $before + 1, vendor_requests(), 'requests the vendor got' );
			check_same( 502, $response->get_status(), 'status' );
			check_same( array( 'error' => $error ), $response->get_data(), 'body' );
			check_same( 'no-store', $response->get_headers()['Cache-Control'], 'Cache-Control' );
		}
	);
}

test(
	'the vendor is asked with the stored key: a wrong key gets the vendor\'s 401, passed on as 502',
	static function () {
		update_option( Voice_Agent_Settings::OPTION, array_merge( Voice_Agent_Settings::get(), array( 'anunzi_key' => 'sk_wrong_key' ) ) );
		$response = session_request( array( 'assistant' => 'asst_ok' ) );
		update_option( Voice_Agent_Settings::OPTION, array_merge( Voice_Agent_Settings::get(), array( 'anunzi_key' => TEST_ANUNZI_KEY ) ) );
		check_same( 502, $response->get_status(), 'status' );
		check_same( array( 'error' => 'voice vendor answered 401' ), $response->get_data(), 'body' );
	}
);

test(
	'an unreachable vendor is a 502, and no stored key is a 503',
	static function () {
		$unreachable = static function () {
			return 'http://127.0.0.1:9';
		};
		add_filter( 'voice_agent_anunzi_base_url', $unreachable, 20 );
		$response = session_request( array( 'assistant' => 'asst_ok' ) );
		remove_filter( 'voice_agent_anunzi_base_url', $unreachable, 20 );
		check_same( 502, $response->get_status(), 'status with the vendor unreachable' );
		check_same( array( 'error' => 'voice vendor unreachable' ), $response->get_data(), 'body with the vendor unreachable' );

		delete_option( Voice_Agent_Settings::KEY_OPTION );
		$response = session_request( array( 'assistant' => 'asst_ok' ) );
		update_option( Voice_Agent_Settings::KEY_OPTION, TEST_ANUNZI_KEY, false );
		check_same( 503, $response->get_status(), 'status with no key' );
		check_same( array( 'error' => 'token broker not configured' ), $response->get_data(), 'body with no key' );
	}
);

test(
	'past the per-minute limit one address gets 429 with Retry-After; another address is unaffected',
	static function () {
		update_option( Voice_Agent_Settings::OPTION, array_merge( Voice_Agent_Settings::get(), array( 'requests_per_minute' => 3 ) ) );
		$statuses = array();
		for ( $i = 0; $i < 5; $i++ ) {
			$statuses[] = session_request( array( 'assistant' => 'asst_ok' ), 'https://site.test', '192.0.2.50' )->get_status();
		}
		check_same( array( 200, 200, 200, 429, 429 ), $statuses, 'statuses of five requests' );
		$limited = session_request( array( 'assistant' => 'asst_ok' ), 'https://site.test', '192.0.2.50' );
		check_same( array( 'error' => 'too many requests' ), $limited->get_data(), 'body' );
		$retry_after = $limited->get_headers()['Retry-After'];
		check( ctype_digit( $retry_after ) && (int) $retry_after >= 1 && (int) $retry_after <= 60, "Retry-After is 1-60 seconds, got $retry_after" );
		check_same( 'no-store', $limited->get_headers()['Cache-Control'], 'Cache-Control' );
		check_same( 200, session_request( array( 'assistant' => 'asst_ok' ), 'https://site.test', '192.0.2.51' )->get_status(), 'status for another address' );
		update_option( Voice_Agent_Settings::OPTION, array_merge( Voice_Agent_Settings::get(), array( 'requests_per_minute' => 100 ) ) );
	}
);

test(
	'the rate limit counts per window and resets when the window ends (clock driven by the test)',
	static function () {
		$now     = 1000;
		$limiter = new Voice_Agent_Rate_Limit(
			2,
			60,
			static function () use ( &$now ) {
				return $now;
			}
		);
		check_same( array( 0, 0, 60 ), array( $limiter->hit( 'a' ), $limiter->hit( 'a' ), $limiter->hit( 'a' ) ), 'Retry-After of three hits at t=1000' );
		$now = 1045;
		check_same( 15, $limiter->hit( 'a' ), 'Retry-After at t=1045' );
		check_same( 0, $limiter->hit( 'b' ), 'another client at t=1045' );
		$now = 1060;
		check_same( array( 0, 0, 60 ), array( $limiter->hit( 'a' ), $limiter->hit( 'a' ), $limiter->hit( 'a' ) ), 'Retry-After of three hits in the next window' );
	}
);

test(
	'the route is public and only answers GET',
	static function () {
		$routes = rest_get_server()->get_routes();
		check( isset( $routes['/voice-agent/v1/session'] ), 'route registered' );
		$request = new WP_REST_Request( 'POST', '/voice-agent/v1/session' );
		check_same( 404, rest_get_server()->dispatch( $request )->get_status(), 'status of a POST' );
		$index = seen( wp_json_encode( rest_get_server()->dispatch( new WP_REST_Request( 'GET', '/voice-agent/v1' ) )->get_data() ) );
		check_contains( '"\/voice-agent\/v1\/session"', $index, 'the namespace index' );
	}
);
