<?php
/**
 * Run by 10-kses-test.php in a process of its own: on a multisite network, saves the pasted
 * snippet and a shortcode as a site administrator and as a Super Admin, and prints what was
 * stored for each, as JSON.
 *
 * @package VoiceAgentTests
 */

define( 'MULTISITE', true );
define( 'SUBDOMAIN_INSTALL', false );
define( 'DOMAIN_CURRENT_SITE', 'site.test' );
define( 'PATH_CURRENT_SITE', '/' );
define( 'SITE_ID_CURRENT_SITE', 1 );
define( 'BLOG_ID_CURRENT_SITE', 1 );
require __DIR__ . '/bootstrap.php';

$saved = array();
foreach ( array( 'admin', 'superadmin' ) as $login ) {
	wp_set_current_user(
		wp_insert_user(
			array(
				'user_login' => $login,
				'user_pass'  => wp_generate_password(),
				'user_email' => "$login@site.test",
				'role'       => 'administrator',
			)
		)
	);
	$post_id         = wp_insert_post(
		wp_slash(
			array(
				'post_type'    => 'page',
				'post_title'   => 'Voice',
				'post_status'  => 'draft',
				'post_content' => '<script src="https://cdn.jsdelivr.net/npm/voice-agent/dist/voice-agent.iife.js"></script>'
					. '<voice-agent provider="lyzr" agent-id="agent-123"></voice-agent>[voice_agent provider="lyzr" agent_id="agent-123"]',
			)
		)
	);
	$saved[ $login ] = array(
		'super_admin'     => is_super_admin(),
		'unfiltered_html' => current_user_can( 'unfiltered_html' ),
		'saved'           => get_post( $post_id )->post_content,
	);
}
echo wp_json_encode(
	array(
		'multisite'      => is_multisite(),
		'users'          => $saved,
		'failed_queries' => $GLOBALS['wpdb']->failed_queries,
	)
);
