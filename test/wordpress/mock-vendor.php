<?php
/**
 * A local stand-in for Anunzi's token endpoint, run with `php -S 127.0.0.1:<port> mock-vendor.php`.
 * GET /websocket/token/<assistant> with `Authorization: Bearer $MOCK_VENDOR_KEY` answers what
 * the assistant id names (a good session URL, or one of the ways a vendor answer can be unusable);
 * a wrong or missing key gets 401. Every request is appended to $MOCK_VENDOR_LOG.
 *
 * @package VoiceAgentTests
 */

$key           = getenv( 'MOCK_VENDOR_KEY' );
$authorization = isset( $_SERVER['HTTP_AUTHORIZATION'] ) ? $_SERVER['HTTP_AUTHORIZATION'] : '';
$path          = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
file_put_contents( getenv( 'MOCK_VENDOR_LOG' ), $_SERVER['REQUEST_METHOD'] . ' ' . $path . "\n", FILE_APPEND );

header( 'Content-Type: application/json' );
if ( 'Bearer ' . $key !== $authorization ) {
	http_response_code( 401 );
	exit( '{"error":"unauthorized"}' );
}
if ( ! preg_match( '#^/websocket/token/([\w.-]+)$#', $path, $match ) ) {
	http_response_code( 404 );
	exit( '{"error":"not found"}' );
}
$assistant = $match[1];
$answers   = array(
	'asst_ok'       => array( 200, json_encode( array( 'sessionURL' => 'wss://voice.vendor.test/session/' . $assistant . '?token=one-time-123' ) ) ),
	'asst_second'   => array( 200, json_encode( array( 'sessionURL' => 'wss://voice.vendor.test/session/' . $assistant . '?token=one-time-456' ) ) ),
	'asst_leaky'    => array( 200, json_encode( array( 'sessionURL' => 'wss://voice.vendor.test/session?api_key=' . $key ) ) ),
	'asst_leaky_enc' => array( 200, json_encode( array( 'sessionURL' => 'wss://voice.vendor.test/session?api_key=' . rawurlencode( $key ) ) ) ),
	'asst_https'    => array( 200, json_encode( array( 'sessionURL' => 'https://voice.vendor.test/session' ) ) ),
	'asst_ws'       => array( 200, json_encode( array( 'sessionURL' => 'ws://voice.vendor.test/session' ) ) ),
	'asst_js'       => array( 200, json_encode( array( 'sessionURL' => 'javascript:alert(1)' ) ) ),
	'asst_not_json' => array( 200, '<html>gateway</html>' ),
	'asst_down'     => array( 500, '{"error":"internal ' . $key . '"}' ),
);
list( $status, $body ) = isset( $answers[ $assistant ] ) ? $answers[ $assistant ] : array( 404, '{"error":"no such assistant"}' );
http_response_code( $status );
echo $body;
