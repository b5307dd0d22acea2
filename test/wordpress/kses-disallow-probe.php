<?php
/**
 * Run by 10-kses-test.php in a process of its own (a constant cannot be undefined): saves the
 * pasted snippet and a shortcode as an administrator under DISALLOW_UNFILTERED_HTML and prints
 * what was stored, as JSON.
 *
 * @package VoiceAgentTests
 */

define( 'DISALLOW_UNFILTERED_HTML', true );
require __DIR__ . '/bootstrap.php';

$admin = wp_insert_user(
	array(
		'user_login' => 'admin',
		'user_pass'  => wp_generate_password(),
		'user_email' => 'admin@site.test',
		'role'       => 'administrator',
	)
);
wp_set_current_user( $admin );
$post_id = wp_insert_post(
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
echo wp_json_encode(
	array(
		'unfiltered_html' => current_user_can( 'unfiltered_html' ),
		'saved'           => get_post( $post_id )->post_content,
	)
);
