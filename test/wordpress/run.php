<?php
/**
 * Boots WordPress once with the plugin active and runs every test file in this folder
 * (*-test.php). Warnings and notices raised in the plugin's files, _doing_it_wrong() calls and
 * queries the test database refused are failures too.
 *
 * @package VoiceAgentTests
 */

require __DIR__ . '/harness.php';
require __DIR__ . '/bootstrap.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';

$GLOBALS['wrong_calls'] = array();
add_action(
	'doing_it_wrong_run',
	static function ( $function_name, $message ) {
		$GLOBALS['wrong_calls'][] = "$function_name: $message";
	},
	10,
	2
);

/** Users of each role the tests act as, by role name. */
$GLOBALS['test_users'] = array();
foreach ( array( 'administrator', 'editor', 'author', 'contributor' ) as $role ) {
	$GLOBALS['test_users'][ $role ] = wp_insert_user(
		array(
			'user_login' => $role,
			'user_pass'  => wp_generate_password(),
			'user_email' => "$role@site.test",
			'role'       => $role,
		)
	);
}

/**
 * @param string $role A role from $test_users.
 */
function act_as( $role ) {
	wp_set_current_user( $GLOBALS['test_users'][ $role ] );
}

/** The Anunzi key the tests store; it must never appear in anything the plugin outputs. */
const TEST_ANUNZI_KEY = 'sk_test_S3cr3t/Key+=9f8e7d';

/** @var string[] Everything the plugin printed or answered during the run, searched for the key at the end. */
$GLOBALS['plugin_outputs'] = array();

/**
 * @param string $output Something the plugin produced.
 * @return string The same, after noting it for the final key search.
 */
function seen( $output ) {
	$GLOBALS['plugin_outputs'][] = $output;
	return $output;
}

$files = glob( __DIR__ . '/*-test.php' );
sort( $files );
foreach ( $files as $file ) {
	$started = microtime( true );
	require $file;
	printf( "# %s: %.2f s\n", basename( $file ), microtime( true ) - $started );
}

echo "# run\n";
test(
	'the Anunzi key never appeared in any page, block, shortcode, settings page or REST answer',
	static function () {
		check( count( $GLOBALS['plugin_outputs'] ) >= 10, 'outputs were collected' );
		foreach ( $GLOBALS['plugin_outputs'] as $output ) {
			check_lacks( TEST_ANUNZI_KEY, $output, 'plugin output' );
			check_lacks( rawurlencode( TEST_ANUNZI_KEY ), $output, 'plugin output' );
		}
	}
);
test(
	'no PHP warning or notice from the plugin, no _doing_it_wrong(), no refused query',
	static function () {
		check_same( array(), $GLOBALS['plugin_notices'], 'warnings and notices' );
		check_same( array(), $GLOBALS['wrong_calls'], '_doing_it_wrong() calls' );
		check_same( array(), $GLOBALS['wpdb']->failed_queries, 'queries the test database refused' );
	}
);
finish();
